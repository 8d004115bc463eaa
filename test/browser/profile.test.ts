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

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

/**
 * The profile page in Chromium: a member reaches it from member home, picks a name, uploads an
 * avatar and sees both; the owner's seeded name cannot be taken. Checked at desktop and 390 px.
 */
describe("member profile", () => {
  let browser: Browser;
  let owner: BrowserContext;
  let member: BrowserContext;
  const email = `profile-${Date.now()}@example.com`;

  beforeAll(async () => {
    browser = await launchBrowser();
    [owner, member] = await Promise.all([browser.newContext(), browser.newContext({ bypassCSP: true })]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a member names themselves, uploads an avatar, and cannot take the owner's name", async () => {
    const admin = await owner.newPage();
    await signIn(admin, "owner@example.com", "/c/demo/admin/members");
    await admin.locator("#comp-email").fill(email);
    await admin.locator("#comp-tier").selectOption({ label: "Member" });
    await admin.locator("#comp-reason").fill("Browser test of profiles");
    await admin.getByRole("button", { name: "Give comped membership" }).click();
    await admin.waitForURL(/done=comped/);

    const page = await member.newPage();
    await signIn(page, email, "/c/demo/home");
    await page.getByRole("link", { name: "Your profile" }).click();
    await page.waitForURL(/\/c\/demo\/profile$/);
    expect(await page.getByTestId("shown-name").innerText()).toMatch(/^Member [0-9A-Z]{4}$/);
    await checkPage(page, "60-profile-default");

    await page.getByLabel("Display name").fill("Maya Okafor");
    await page.getByRole("button", { name: "Save profile" }).click();
    expect(await page.getByRole("alert").innerText()).toContain("Display name: Someone in this community already goes by this name");
    await checkPage(page, "61-profile-name-taken");

    await page.getByLabel("Display name").fill("Priya Patel");
    await page.getByLabel("Short bio (optional)").fill("Platform lead; happy to talk about on-call.");
    await page.getByLabel("Avatar (optional)").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByTestId("shown-name").innerText()).toBe("Priya Patel");
    const avatar = page.locator("section img");
    expect(await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await page.content()).not.toContain(email.split("@")[0] + "<");
    await checkPage(page, "62-profile-saved");
  });
});
