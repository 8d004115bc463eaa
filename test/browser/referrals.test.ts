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
 * Referrals in Chromium, on the seeded demo (20% off the $25 fee for people a member invites): a
 * member copies their link, a friend opens it, sees the offer and the fee Checkout then charges,
 * and applies; the owner's referral and code pages. Each page at 1280 and 390 px, axe-clean.
 */
describe("referrals", () => {
  let browser: Browser;
  let member: BrowserContext;
  let friend: BrowserContext;
  let owner: BrowserContext;
  let link = "";
  const email = `friend-${Date.now()}@example.com`;

  beforeAll(async () => {
    browser = await launchBrowser();
    [member, friend, owner] = await Promise.all([browser.newContext({ bypassCSP: true }), browser.newContext({ bypassCSP: true }), browser.newContext({ bypassCSP: true })]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a member finds their invitation link from member home", async () => {
    const page = await member.newPage();
    await signIn(page, "maya@example.com", "/c/demo/home");
    await page.getByRole("link", { name: "Invite friends" }).click();
    await page.waitForURL(/\/c\/demo\/referrals$/);
    link = await page.getByLabel("Copy and share this link").inputValue();
    expect(link).toMatch(/\/r\/[0-9a-z]{32}$/);
    expect(await page.locator("main").innerText()).toContain("They get 20% off their application fee");
    await checkPage(page, "80-referrals-member");
  });

  it("a friend opens the link, sees the offer, and pays the offered fee at Checkout", async () => {
    const page = await friend.newPage();
    await page.goto(link.replace(/^https?:\/\/[^/]+/, baseUrl));
    await page.waitForURL(/\/c\/demo$/);
    const notice = await page.locator("#referral-offer").innerText();
    expect(notice).toContain("Maya Lindqvist invited you");
    expect(notice).toContain("you pay $20.00 instead of $25.00");
    expect(await page.locator(".fee").innerText()).toBe("$20.00");
    await checkPage(page, "81-referrals-landing");

    await page.getByLabel("Your name").fill("Frida Friend");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("What is your current role?").fill("Head of Platform");
    await page.getByLabel("Software / SaaS").check();
    await page.getByLabel("Years of experience").fill("9");
    await page.getByLabel("What are you good at that others could learn from?").fill("Making on-call boring.");
    await page.getByLabel("Peer advice").check();
    await page.getByLabel("I have read the community rules and accept them.").check();
    await page.getByRole("button", { name: "Continue to payment ($20.00)" }).click();
    await page.waitForURL(/\/dev\/stripe\/checkout\/cs_/);
    expect(await page.getByTestId("amount").innerText()).toBe("$20.00");
    expect(await page.getByTestId("discount").innerText()).toBe("−$5.00");
    await checkPage(page, "82-referrals-checkout");
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(/\/a\/[0-9a-z]{32}/);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your application is in review");
  });

  it("the member sees who they brought; the owner sees the leaderboard and the codes", async () => {
    const page = await member.newPage();
    await page.goto(`${baseUrl}/c/demo/referrals`);
    expect(await page.locator("main").innerText()).toContain("Frida Friend");
    const admin = await owner.newPage();
    await signIn(admin, "owner@example.com", "/c/demo/admin/referrals");
    expect(await admin.getByRole("heading", { name: "Leaderboard" }).isVisible()).toBe(true);
    await checkPage(admin, "83-referrals-owner");
    await admin.goto(`${baseUrl}/c/demo/admin/codes`);
    expect(await admin.locator("main").innerText()).toContain("WELCOME10");
    await checkPage(admin, "84-referrals-codes");
  });
});
