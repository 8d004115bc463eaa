import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { checkPage } from "./axe";
import { launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

async function signIn(page: Page, email: string, then: string) {
  await page.goto(`${baseUrl}${then}`);
  await signInThroughMailbox(page, baseUrl, email);
  await page.goto(`${baseUrl}${then}`);
}

/**
 * Honours in Chromium: one member writes a thread and four replies, another reacts to each of the
 * five; the author reaches level 2, is told so, and the leaderboard shows them there. The owner's
 * honours page lists them as rising. Each page is checked at desktop and 390 px with axe.
 */
describe("honours: reactions lift a member to level 2", () => {
  let browser: Browser;
  let owner: BrowserContext;
  let author: BrowserContext;
  let fan: BrowserContext;
  const stamp = Date.now();
  const emails = [`author-${stamp}@example.com`, `fan-${stamp}@example.com`];
  const name = `Rowan Honours ${String(stamp).slice(-5)}`;
  let threadUrl = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    [owner, author, fan] = await Promise.all([0, 1, 2].map(() => browser.newContext({ bypassCSP: true })));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the owner comps two members", async () => {
    const page = await owner.newPage();
    await signIn(page, "owner@example.com", "/c/demo/admin/members");
    for (const email of emails) {
      await page.goto(`${baseUrl}/c/demo/admin/members`);
      await page.locator("#comp-email").fill(email);
      await page.locator("#comp-tier").selectOption({ label: "Member" });
      await page.locator("#comp-reason").fill("Browser test of honours");
      await page.getByRole("button", { name: "Give comped membership" }).click();
      await page.waitForURL(/done=comped/);
    }
    await page.close();
  });

  it("a member names themselves and writes a thread and four replies", async () => {
    const page = await author.newPage();
    await signIn(page, emails[0]!, "/c/demo/profile");
    await page.getByLabel("Display name").fill(name);
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.waitForURL(/saved=1/);
    await page.goto(`${baseUrl}/c/demo/s/life`);
    await page.getByLabel("Title (optional)").fill(`Weekend climbing ${stamp}`);
    await page.getByLabel("Your post").fill("Anyone up for the bouldering gym on Saturday?");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.waitForURL(/\/t\/post_/);
    threadUrl = new URL(page.url()).pathname;
    for (let i = 1; i <= 4; i++) {
      await page.getByLabel("Your reply").fill(`Update ${i}: bring chalk.`);
      await page.getByRole("button", { name: "Reply", exact: true }).click();
      await page.waitForURL(/#p-post_/);
    }
    expect(await page.locator("main").innerText()).toContain(`${name} · Level 1`);
    await page.close();
  });

  it("another member reacts to all five; the author reaches level 2 and is told", async () => {
    const page = await fan.newPage();
    await signIn(page, emails[1]!, threadUrl);
    for (let i = 0; i < 5; i++) {
      await page.getByRole("button", { name: /Thanks/ }).nth(i).click();
      await page.waitForLoadState();
      await expect.poll(() => page.getByRole("button", { name: /Thanks/ }).nth(i).getAttribute("aria-pressed")).toBe("true");
    }
    await page.reload();
    expect(await page.locator("main").innerText()).toContain(`${name} · Level 2`);
    await checkPage(page, "80-honours-thread-level-2");

    await page.goto(`${baseUrl}/c/demo/leaderboard?period=7d`);
    const board = page.getByTestId("leaderboard");
    await expect.poll(() => board.innerText()).toContain(`${name} · Level 2`);
    const row = board.locator("tr", { hasText: name });
    expect(await row.locator('td[data-label="Points"]').innerText()).toBe("5");
    await checkPage(page, "81-honours-leaderboard-7d");
    await page.getByRole("link", { name: "All time" }).click();
    await page.waitForURL(/period=all/);
    expect(await page.getByRole("link", { name: "All time" }).getAttribute("aria-current")).toBe("page");
    expect(await page.getByTestId("leaderboard").innerText()).toContain(`${name} · Level 2`);
    await checkPage(page, "82-honours-leaderboard-all");
    await page.close();

    const mine = await author.newPage();
    await mine.goto(`${baseUrl}/c/demo/notifications`);
    await expect.poll(async () => (await mine.reload(), mine.locator("main").innerText()), { timeout: 20_000 }).toContain("lifted you to a new level");
    await checkPage(mine, "83-honours-level-up-notice");
    await mine.goto(`${baseUrl}/c/demo/leaderboard`);
    expect(await mine.getByTestId("your-standing").innerText()).toContain("Level 2");
    await mine.close();
  });

  it("the owner sees the member rising and can promote them", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/honours`);
    await expect.poll(() => page.getByTestId("candidates").innerText()).toContain(`${name} · Level 2`);
    expect(await page.getByRole("button", { name: new RegExp(`^Promote ${name} to `) }).count()).toBe(1);
    await checkPage(page, "84-honours-admin");
    await page.close();
  });
});
