import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { latestEmail, launchBrowser, screenshot } from "./browser";

const baseUrl = inject("baseUrl");

/**
 * The application gate end to end, in Chromium against `wrangler dev --env dev`:
 * landing page -> questionnaire -> emulator checkout -> status page -> owner signs in
 * through the mailbox link -> approves -> the applicant's status page shows approved.
 */
describe("journey: apply, pay, get reviewed, get approved", () => {
  let browser: Browser;
  let applicant: BrowserContext;
  let owner: BrowserContext;
  const email = `journey-${Date.now()}@example.com`;
  let statusUrl = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    applicant = await browser.newContext();
    owner = await browser.newContext();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the landing page explains the community and refuses an incomplete form, keeping the answers", async () => {
    const page = await applicant.newPage();
    await page.goto(`${baseUrl}/c/demo`);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Operators' Circle");
    await expect.poll(() => page.getByText("Community rules").count()).toBeGreaterThan(0);
    await screenshot(page, "01-landing");
    await page.getByLabel("Your name").fill("Grace Hopper");
    await page.getByRole("button", { name: /Continue to payment/ }).click();
    await page.waitForLoadState();
    expect(await page.getByRole("alert").innerText()).toContain("need attention");
    expect(await page.getByLabel("Your name").inputValue()).toBe("Grace Hopper");
    await screenshot(page, "02-landing-errors");
    await page.close();
  });

  it("the applicant answers, accepts the rules and pays on the test checkout", async () => {
    const page = await applicant.newPage();
    await page.goto(`${baseUrl}/c/demo`);
    await page.getByLabel("Your name").fill("Grace Hopper");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("What is your current role?").fill("Rear Admiral, compilers");
    await page.getByLabel("Software / SaaS").check();
    await page.getByLabel("Years of experience").fill("40");
    await page.getByLabel("What are you good at that others could learn from?").fill("Explaining machines to people and people to machines.");
    await page.getByLabel("Peer advice").check();
    await page.getByLabel("I have read the community rules and accept them.").check();
    await screenshot(page, "03-landing-filled");
    await page.getByRole("button", { name: /Continue to payment/ }).click();

    await page.waitForURL(/\/dev\/stripe\/checkout\/cs_/);
    expect(await page.locator("body").innerText()).toContain("$25.00");
    await screenshot(page, "04-checkout");
    await page.getByRole("button", { name: "Pay" }).click();

    await page.waitForURL(/\/a\/[0-9a-z]{32}/);
    statusUrl = page.url().split("?")[0];
    await expect.poll(() => page.locator("h1").innerText()).toBe("Your application is in review");
    await screenshot(page, "05-status-in-review");
    const mail = await latestEmail(baseUrl, email, "payment_received");
    expect(mail.text).toContain(statusUrl.replace(baseUrl, ""));
    await page.close();
  });

  it("the owner signs in through the mailbox link and approves", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/applications`);
    await page.waitForURL(/\/signin/);
    await page.getByLabel("Email").fill("owner@example.com");
    await screenshot(page, "06-signin");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.waitForLoadState();
    const mail = await latestEmail(baseUrl, "owner@example.com", "magic_link");
    const link = mail.links.find((l) => l.includes("/api/auth/magic-link/verify"));
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.waitForURL(/\/c\/demo\/admin\/applications/);
    await expect.poll(() => page.getByRole("link", { name: "Grace Hopper" }).count()).toBe(1);
    await screenshot(page, "07-review-queue");
    await page.getByRole("link", { name: "Grace Hopper" }).click();
    await expect.poll(() => page.getByText("Explaining machines to people").count()).toBeGreaterThan(0);
    await screenshot(page, "08-application");
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(/done=approved/);
    await screenshot(page, "09-approved-owner");
    await page.close();
  });

  it("the applicant's status page shows approved", async () => {
    const page = await applicant.newPage();
    await page.goto(statusUrl);
    await expect.poll(() => page.locator("h1").innerText()).toBe("You are approved");
    await screenshot(page, "10-status-approved");
    const mail = await latestEmail(baseUrl, email, "decision_approved");
    expect(mail.subject).toContain("approved");
  });
});
