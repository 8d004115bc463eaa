import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, screenshot } from "./browser";

const baseUrl = inject("baseUrl");

describe("smoke: wrangler dev --env dev in Chromium", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("serves /healthz", async () => {
    const res = await page.goto(`${baseUrl}/healthz`);
    expect(res?.status()).toBe(200);
    expect(JSON.parse(await page.locator("body").innerText())).toEqual({ ok: true });
    await screenshot(page, "smoke-healthz");
  });

  it("shows the seeded demo community's landing page with a heading and a form", async () => {
    const res = await page.goto(`${baseUrl}/c/demo`);
    await screenshot(page, "smoke-landing-demo");
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.locator("h1").count()).toBeGreaterThan(0);
    expect((await page.locator("h1").first().innerText()).trim()).not.toBe("");
    expect(await page.locator("form").count()).toBeGreaterThan(0);
  });
});
