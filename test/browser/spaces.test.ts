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
 * Spaces in Chromium: the owner creates a space, a member posts a question with a poll (and
 * hostile Markdown that must run nothing), another votes and reacts. Each page is checked at
 * desktop and 390 px with axe.
 */
describe("spaces: create, post with a poll, vote, react", () => {
  let browser: Browser;
  let owner: BrowserContext;
  let first: BrowserContext;
  let second: BrowserContext;
  const stamp = Date.now();
  const slug = `ask-${stamp}`;
  const emails = [`poster-${stamp}@example.com`, `voter-${stamp}@example.com`];
  let threadUrl = "";
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    // bypassCSP lets the test inject axe-core; it also means hostile Markdown is stopped by the
    // renderer alone, not by the Content-Security-Policy behind it.
    [owner, first, second] = await Promise.all([0, 1, 2].map(() => browser.newContext({ bypassCSP: true })));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the owner creates a space and comps two members", async () => {
    const page = await owner.newPage();
    await signIn(page, "owner@example.com", "/c/demo/admin/spaces");
    await page.getByRole("link", { name: "New space" }).click();
    await page.getByLabel("Name").fill(`Ask the group ${stamp}`);
    await page.getByLabel("Address").fill(slug);
    await page.getByLabel("Description").fill("Questions, answered by members");
    await page.getByLabel("Emoji").fill("❓");
    await page.getByRole("button", { name: "Create space" }).click();
    await page.waitForURL(/done=created/);
    await checkPage(page, "60-space-edit");
    await page.goto(`${baseUrl}/c/demo/admin/spaces`);
    expect(await page.locator("main").innerText()).toContain(`Ask the group ${stamp}`);
    await checkPage(page, "61-space-admin");
    for (const email of emails) {
      await page.goto(`${baseUrl}/c/demo/admin/members`);
      await page.locator("#comp-email").fill(email);
      await page.locator("#comp-tier").selectOption({ label: "Member" });
      await page.locator("#comp-reason").fill("Browser test of spaces");
      await page.getByRole("button", { name: "Give comped membership" }).click();
      await page.waitForURL(/done=comped/);
    }
    await page.close();
  });

  it("a member posts a question with a poll; hostile Markdown runs nothing", async () => {
    const page = await first.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, emails[0]!, `/c/demo/s/${slug}`);
    await checkPage(page, "62-space-page");
    await page.getByLabel("Title (optional)").fill("Where do you find clients?");
    await page.getByLabel("Your post").fill("Asking for **real** answers. <img src=x onerror=\"alert('x')\"> [link](javascript:alert('y'))");
    await page.getByText("Add a poll").click();
    await page.getByLabel("Question").fill("Best channel?");
    await page.getByLabel("Option 1", { exact: true }).fill("Referrals");
    await page.getByLabel("Option 2", { exact: true }).fill("LinkedIn");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.waitForURL(/\/t\/post_/);
    threadUrl = page.url();
    // Shown as text: no element, no link that runs anything.
    expect(await page.locator('[data-testid="post-body"] img').count()).toBe(0);
    expect(await page.locator('[data-testid="post-body"] a[href^="javascript" i]').count()).toBe(0);
    expect(await page.getByTestId("post-body").innerText()).toContain("onerror");
    await checkPage(page, "63-thread-page");
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("a second member votes, reacts and replies", async () => {
    const page = await second.newPage();
    await signIn(page, emails[1]!, new URL(threadUrl).pathname);
    await page.getByLabel("Referrals").check();
    await page.getByRole("button", { name: "Vote" }).click();
    await page.waitForLoadState();
    await expect.poll(() => page.locator("#poll").innerText()).toContain("your choice");
    await page.getByRole("button", { name: /Thanks/ }).first().click();
    await page.waitForLoadState();
    await expect.poll(() => page.getByRole("button", { name: /Thanks/ }).first().getAttribute("aria-pressed")).toBe("true");
    await page.getByLabel("Your reply").fill("Referrals, every time.");
    await page.getByRole("button", { name: "Reply", exact: true }).click();
    await page.waitForURL(/#p-post_/);
    expect(await page.locator("#replies").innerText()).toContain("Referrals, every time.");
    await checkPage(page, "64-thread-after-vote-and-reply");
    await page.close();
  });
});
