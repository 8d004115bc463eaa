import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { latestEmail, launchBrowser, screenshot, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

async function signIn(page: Page, email: string, then: string) {
  await page.goto(`${baseUrl}${then}`);
  await signInThroughMailbox(page, baseUrl, email);
  await page.goto(`${baseUrl}${then}`);
}

async function clock(action: "advance" | "reset", days?: number) {
  const res = await fetch(`${baseUrl}/dev/clock/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ days }) });
  if (!res.ok) throw new Error(`clock ${action}: ${res.status}`);
}

/** Records every dialog a page opens: hostile content must never open one. */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return dialogs;
}

/**
 * Staggered drops in Chromium: the owner schedules a drop for Core now and Members three days
 * later; a Core member reads and comments; a Member sees only a teaser until the dev clock moves
 * three days, then reads it. And hostile Markdown runs nothing in a real browser.
 */
describe("content drops: staggered release, read, comment, never leaked", () => {
  let browser: Browser;
  let owner: BrowserContext;
  let coreCtx: BrowserContext;
  let memberCtx: BrowserContext;
  const stamp = Date.now();
  const coreEmail = `core-${stamp}@example.com`;
  const memberEmail = `member-${stamp}@example.com`;
  const title = `Hiring playbook ${stamp}`;
  const body = "The **three questions** we ask every candidate.";

  beforeAll(async () => {
    browser = await launchBrowser();
    [owner, coreCtx, memberCtx] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  });
  afterAll(async () => {
    await clock("reset");
    await browser?.close();
  });

  it("the owner comps a Core member and a Member, then schedules the drop: Core now, Members in three days", async () => {
    const page = await owner.newPage();
    await signIn(page, "owner@example.com", "/c/demo/admin/members");
    for (const [email, tier] of [[coreEmail, "Core"], [memberEmail, "Member"]] as const) {
      await page.goto(`${baseUrl}/c/demo/admin/members`);
      await page.locator("#comp-email").fill(email);
      await page.locator("#comp-tier").selectOption({ label: tier });
      await page.locator("#comp-reason").fill("Browser test of content drops");
      await page.getByRole("button", { name: "Give comped membership" }).click();
      await page.waitForURL(/done=comped/);
    }
    await page.goto(`${baseUrl}/c/demo/admin/content`);
    await page.getByRole("link", { name: "New drop" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Body (Markdown)").fill(body);
    await page.getByLabel("Topics").fill("hiring, career");
    await page.getByLabel("Core (rank 2)").check();
    await page.getByLabel("Core: delay in days").fill("0");
    await page.getByLabel("Member (rank 1)").check();
    await page.getByLabel("Member: delay in days").fill("3");
    await screenshot(page, "40-drop-editor");
    await page.getByRole("button", { name: "Schedule" }).click();
    await page.waitForURL(/done=scheduled/);
    expect(await page.getByRole("status").first().innerText()).toContain("Scheduled");
    await page.goto(`${baseUrl}/c/demo/admin/content`);
    expect(await page.getByTestId("drops-table").innerText()).toContain("Core, Member after 3 days");
    await screenshot(page, "41-content-calendar");
    await page.close();
  });

  it("a Core member reads the drop at once and comments", async () => {
    const page = await coreCtx.newPage();
    await signIn(page, coreEmail, "/c/demo/home");
    await page.getByRole("link", { name: title }).click();
    await page.waitForURL(/\/c\/demo\/drops\/drop_/);
    expect(await page.getByTestId("drop-body").innerText()).toContain("three questions");
    await page.getByLabel("Your comment").fill("Saving this for Monday's interviews.");
    await page.getByRole("button", { name: "Post comment" }).click();
    await page.waitForLoadState();
    await expect.poll(() => page.locator("#comments").innerText()).toContain("Saving this for Monday's interviews.");
    await screenshot(page, "42-core-reads-and-comments");
    await page.close();
  });

  it("a Member sees only the teaser; three days later they read it", async () => {
    const page = await memberCtx.newPage();
    await signIn(page, memberEmail, "/c/demo/home");
    const teasers = page.getByTestId("teasers");
    await expect.poll(() => teasers.innerText()).toContain(title);
    expect(await teasers.innerText()).toContain("coming for your tier on");
    expect(await page.locator("body").innerText()).not.toContain("three questions");
    expect(await page.getByRole("link", { name: title }).count()).toBe(0);
    await screenshot(page, "43-member-teaser");

    await clock("advance", 3);
    await page.reload();
    await page.getByRole("link", { name: title }).click();
    await page.waitForURL(/\/c\/demo\/drops\/drop_/);
    expect(await page.getByTestId("drop-body").innerText()).toContain("three questions");
    expect(await page.locator("#comments").innerText()).toContain("Saving this for Monday's interviews.");
    await screenshot(page, "44-member-reads-after-three-days");
    await page.close();
  });

  it("hostile Markdown in a drop and a comment runs nothing in the browser", async () => {
    const admin = await owner.newPage();
    await admin.goto(`${baseUrl}/c/demo/admin/content/new`);
    await admin.getByLabel("Title").fill(`Hostile ${stamp} <img src=x onerror="alert('title')">`);
    await admin
      .getByLabel("Body (Markdown)")
      .fill(
        [
          "<script>window.__pwned = 1; alert('script')</script>",
          `<img src=x onerror="window.__pwned = 1; alert('img')">`,
          "<svg onload=\"alert('svg')\"></svg>",
          "[click me](javascript:window.__pwned=1;alert('link'))",
          "[data me](data:text/html,<script>alert('data')</script>)",
          '<a href="javascript:alert(1)">raw anchor</a>',
        ].join("\n\n"),
      );
    await admin.getByLabel("Member (rank 1)").check();
    await admin.getByRole("button", { name: "Schedule" }).click();
    await admin.waitForURL(/done=scheduled/);
    const dropUrl = admin.url().replace(/\/admin\/content\/(drop_[0-9a-z]+).*$/, "/drops/$1");
    await admin.close();

    const page = await memberCtx.newPage();
    const dialogs = watchDialogs(page);
    await page.goto(dropUrl);
    await page.getByLabel("Your comment").fill(`<img src=x onerror="window.__pwned = 1; alert('comment')"> [x](javascript:alert('c'))`);
    await page.getByRole("button", { name: "Post comment" }).click();
    await page.waitForLoadState();
    await page.reload();
    expect(await page.getByTestId("drop-body").innerText()).toContain("<script>window.__pwned = 1;");
    expect(await page.locator("main script, main img, main svg, main iframe").count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"], a[href^="data:"]').count()).toBe(0);
    await page.getByText("click me").click();
    await page.getByText("raw anchor").click();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await screenshot(page, "45-hostile-drop-inert");
    await page.close();
  });
});
