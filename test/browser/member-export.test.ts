import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { checkPage } from "./axe";
import { launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

/**
 * The members CSV in Chromium, on the demo community (small, so it is written during the click):
 * the owner's "Export CSV" button downloads the file, and the exports page keeps its link. Each
 * page is checked at desktop and 390 px with axe.
 */
describe("members CSV export", () => {
  let browser: Browser;
  let owner: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the owner exports the members, downloads the file, and finds it again on the exports page", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/members`);
    await signInThroughMailbox(page, baseUrl, "owner@example.com");
    await page.goto(`${baseUrl}/c/demo/admin/members`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("demo-members.csv");
    const lines = readFileSync((await download.path())!, "utf8").split("\r\n");
    expect(lines[0]).toBe("email,tier,rank,status,comped,interval,amount,currency,joined_at,current_period_end,cancel_at_period_end");
    expect(lines.length).toBeGreaterThanOrEqual(3);

    await page.getByRole("link", { name: "Earlier exports" }).click();
    await page.waitForURL(/\/admin\/members\/exports$/);
    await expect(page.getByRole("heading", { name: "Member exports" }).isVisible()).resolves.toBe(true);
    expect(await page.locator("main").innerText()).toContain(`Ready: ${lines.length - 2} members`);
    await checkPage(page, "95-member-exports");
    const [again] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^Download CSV of / }).first().click()]);
    expect(readFileSync((await again.path())!, "utf8").split("\r\n")[0]).toBe(lines[0]);
    await page.close();
  });
});
