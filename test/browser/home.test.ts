import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { checkPage, DESKTOP, PHONE } from "./axe";
import { launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

/**
 * The demo's front page and search in Chromium, as Maya (a seeded Member): spaces beside the feed
 * on a desktop, above it at 390 px; no Core lounge; search marks what it found. Accessible at both
 * widths (axe), nothing overflowing sideways.
 */
describe("the community front page and search", () => {
  let browser: Browser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await browser.newContext({ bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows the readable spaces beside the feed, and above it on a phone", async () => {
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/c/demo/home`);
    await signInThroughMailbox(page, baseUrl, "maya@example.com");
    await page.goto(`${baseUrl}/c/demo/home`);
    const spaces = page.getByRole("complementary", { name: "Spaces" });
    expect(await spaces.getByRole("link").allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining("Ask the group"), expect.stringContaining("Announcements")]));
    expect(await spaces.innerText()).not.toContain("Core lounge");
    const feed = page.getByRole("region", { name: /Latest from/ });
    expect(await feed.getByRole("listitem").count()).toBeGreaterThan(5);
    const aside = (await spaces.boundingBox())!;
    const main = (await feed.boundingBox())!;
    expect(aside.x + aside.width).toBeLessThanOrEqual(main.x);
    await page.setViewportSize(PHONE);
    const asidePhone = (await spaces.boundingBox())!;
    const mainPhone = (await feed.boundingBox())!;
    expect(asidePhone.y + asidePhone.height).toBeLessThanOrEqual(mainPhone.y);
    await page.setViewportSize(DESKTOP);
    await checkPage(page, "home-front-page");
    await page.getByRole("link", { name: "Most active" }).click();
    await page.waitForURL(/sort=active/);
    await checkPage(page, "home-front-page-active");
  });

  it("searches what Maya may read and marks the words found", async () => {
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/c/demo/search`);
    await page.getByLabel("Search posts, replies and drops").fill("grandfather");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=grandfather/);
    const results = page.getByTestId("results");
    expect(await results.innerText()).toContain("Raising prices for existing customers");
    expect(await results.locator("mark").first().innerText()).toMatch(/grandfather/i);
    await checkPage(page, "home-search");
    await page.getByLabel("Search posts, replies and drops").fill('"NEAR( * guest');
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForLoadState();
    // The guest ideas are in the Core lounge: not Maya's to find.
    expect(await page.locator("main").innerText()).not.toContain("Guest ideas");
  });
});
