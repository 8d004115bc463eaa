import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { latestEmail, launchBrowser, screenshot, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

/**
 * Tiered membership in Chromium: an approved applicant joins a tier through the emulator's
 * subscription checkout and lands on member home; the owner removes them; their next page load
 * is refused.
 */
describe("membership: join a tier, get removed, lose access", () => {
  let browser: Browser;
  let applicant: BrowserContext;
  let owner: BrowserContext;
  const email = `member-${Date.now()}@example.com`;
  let statusUrl = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    applicant = await browser.newContext();
    owner = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the applicant applies and pays; the owner approves", async () => {
    const page = await applicant.newPage();
    await page.goto(`${baseUrl}/c/demo`);
    await page.getByLabel("Your name").fill("Katherine Johnson");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("What is your current role?").fill("Research mathematician");
    await page.getByLabel("Fintech").check();
    await page.getByLabel("Years of experience").fill("33");
    await page.getByLabel("What are you good at that others could learn from?").fill("Checking the computer's trajectories by hand.");
    await page.getByLabel("Career growth").check();
    await page.getByLabel("I have read the community rules and accept them.").check();
    await page.getByRole("button", { name: /Continue to payment/ }).click();
    await page.waitForURL(/\/dev\/stripe\/checkout\//);
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(/\/a\/[0-9a-z]{32}/);
    statusUrl = page.url().split("?")[0];

    const admin = await owner.newPage();
    await admin.goto(`${baseUrl}/c/demo/admin/applications?status=under_review`);
    await signInThroughMailbox(admin, baseUrl, "owner@example.com");
    await admin.goto(`${baseUrl}/c/demo/admin/applications?status=under_review`);
    await admin.getByRole("link", { name: "Katherine Johnson" }).click();
    await admin.getByRole("button", { name: "Approve" }).click();
    await admin.waitForURL(/done=approved/);
    await admin.close();
    await page.close();
  });

  it("the approved applicant signs in, joins the Member tier and sees member home", async () => {
    const page = await applicant.newPage();
    await page.goto(statusUrl);
    await expect.poll(() => page.locator("h1").innerText()).toBe("You are approved");
    await page.getByRole("link", { name: "Choose your membership" }).click();
    await signInThroughMailbox(page, baseUrl, email);
    await page.waitForURL(/\/c\/demo\/join/);
    await expect.poll(() => page.getByRole("heading", { name: "Choose your membership" }).count()).toBe(1);
    await screenshot(page, "20-join-tiers");
    await page.getByRole("button", { name: "Join Member" }).click();
    await page.waitForURL(/\/dev\/stripe\/checkout\//);
    expect(await page.locator("body").innerText()).toContain("$29.00");
    await screenshot(page, "21-subscription-checkout");
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(/\/c\/demo\/home/);
    await expect.poll(() => page.getByTestId("tier").innerText()).toBe("Member");
    expect(await page.locator("body").innerText()).toContain("Active");
    await screenshot(page, "22-member-home");
    // A member opening the landing page is pointed to member home, not to the application form.
    await page.goto(`${baseUrl}/c/demo`);
    await page.getByRole("link", { name: "Go to your member home" }).waitFor();
    expect(await page.locator('form[action="/c/demo/apply"]').count()).toBe(0);
    await screenshot(page, "22b-landing-as-member");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "22b-landing-as-member-390");
    await page.close();
  });

  it("the owner removes the member, and the member's next page load is refused", async () => {
    const admin = await owner.newPage();
    await admin.goto(`${baseUrl}/c/demo/admin/members`);
    await admin.getByRole("link", { name: email }).click();
    await screenshot(admin, "23-member-admin");
    await admin.locator("#remove-reason").fill("Broke rule 2: cold pitches to members.");
    await admin.getByLabel("Refund the current period").check();
    await admin.getByRole("button", { name: "Remove member" }).click();
    await admin.waitForURL(/done=/);
    await screenshot(admin, "24-member-removed");
    await admin.close();

    const page = await applicant.newPage();
    await page.goto(`${baseUrl}/c/demo/home`);
    // Not a member any more: sent to the public landing page, no member home.
    await page.waitForURL(`${baseUrl}/c/demo`);
    expect(await page.locator("body").innerText()).not.toContain("Member home");
    // ...where they are told why.
    const notice = await page.getByRole("status").innerText();
    expect(notice).toContain("the team removed you");
    expect(notice).toContain("Their reason: Broke rule 2: cold pitches to members.");
    await screenshot(page, "25-removed-member-refused");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "25-removed-member-refused-390");
  });
});
