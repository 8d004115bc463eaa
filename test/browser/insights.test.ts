import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { checkPage } from "./axe";
import { launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

/**
 * Insights in Chromium, on the demo community's seeded history: the owner opens the page,
 * narrows the range and picks a tier with the plain GET form, downloads a table as CSV, and
 * sets a content plan to read the cadence against it.
 * Each page is checked at desktop and 390 px with axe.
 */
describe("insights: open, filter, export", () => {
  let browser: Browser;
  let owner: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the owner reads the health summary, changes range and tier, and downloads a CSV", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/insights`);
    await signInThroughMailbox(page, baseUrl, "owner@example.com");
    await page.goto(`${baseUrl}/c/demo/admin/applications`);
    await page.getByRole("link", { name: "Insights" }).first().click();
    await page.waitForURL(/\/admin\/insights/);
    const main = page.locator("main");
    await expect(main.getByRole("heading", { name: "What needs your attention" }).isVisible()).resolves.toBe(true);
    expect(await main.innerText()).toContain("MRR");
    await checkPage(page, "90-insights");

    const to = await page.getByLabel("To", { exact: true }).inputValue();
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("From", { exact: true }).fill(from);
    await page.getByLabel("Tier", { exact: true }).selectOption({ label: "Member" });
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/tier=/);
    expect(page.url()).toContain(`from=${from}`);
    expect(await main.innerText()).toContain("Money and members: Member only.");
    expect(await page.getByLabel("From", { exact: true }).inputValue()).toBe(from);
    await checkPage(page, "91-insights-filtered");

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download “Money by month/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^demo-money-.*\.csv$/);
    const csv = readFileSync((await download.path())!, "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^month,MRR,paying members,new,expansion,contraction,churned,reactivated/);
    expect(lines.length).toBeGreaterThanOrEqual(3);

    // The content plan: the owner sets two drops a week and reads planned against published.
    await page.getByLabel("Drops planned", { exact: true }).fill("2");
    await page.getByLabel("Per", { exact: true }).selectOption({ label: "Week" });
    await page.getByRole("button", { name: "Save plan" }).click();
    await page.waitForURL(/done=planned/);
    expect(await main.innerText()).toContain("Plan: 2 drops a week.");
    expect(await page.locator("#table-cadence tbody tr").count()).toBeGreaterThan(4);
    await page.locator("#cadence").scrollIntoViewIfNeeded();
    await checkPage(page, "92-insights-cadence");
    await page.close();
  });
});
