import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { checkPage } from "./axe";
import { launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

/**
 * Group applications in Chromium: a friend starts a group of three on the demo's landing page,
 * two friends join through its link, each authorises the full fee on the emulator's checkout;
 * the owner approves all three; each status page shows the group price captured.
 */
describe("groups: three friends fill a group of three", () => {
  let browser: Browser;
  let friends: BrowserContext[] = [];
  let owner: BrowserContext;
  const stamp = Date.now();
  const people = ["Annie Easley", "Christine Darden", "Dorothy Vaughan"].map((name, i) => ({ name, email: `group-${i}-${stamp}@example.com` }));
  const statusUrls: string[] = [];
  let shareUrl = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    // bypassCSP lets the test inject axe-core.
    friends = await Promise.all(people.map(() => browser.newContext({ bypassCSP: true })));
    owner = await browser.newContext({ bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function applyAndAuthorise(page: Page, who: { name: string; email: string }) {
    await page.getByLabel("Your name").fill(who.name);
    await page.getByLabel("Email", { exact: true }).fill(who.email);
    await page.getByLabel("What is your current role?").fill("Engineering manager");
    await page.getByLabel("Software / SaaS").check();
    await page.getByLabel("Years of experience").fill("15");
    await page.getByLabel("What are you good at that others could learn from?").fill("Turning a pile of punch cards into a compiler.");
    await page.getByLabel("Peer advice").check();
    await page.getByLabel("I have read the community rules and accept them.").check();
    await page.getByRole("button", { name: "Continue to authorise $25.00" }).click();
    await page.waitForURL(/\/dev\/stripe\/checkout\//);
    await page.getByRole("button", { name: "Pay" }).click();
    await page.waitForURL(/\/a\/[0-9a-z]{32}/);
    statusUrls.push(page.url().split("?")[0]!);
  }

  it("the first friend starts a group from the landing page and shares its link", async () => {
    const page = await friends[0]!.newPage();
    await page.goto(`${baseUrl}/c/demo`);
    await page.getByRole("link", { name: "Start a group" }).click();
    await page.waitForURL(/\/c\/demo\/group$/);
    await expect.poll(() => page.locator("h1").innerText()).toBe("Apply to Operators' Circle as a group of 3");
    // The deal is stated before anyone pays.
    const terms = await page.locator("ul.group-terms").innerText();
    expect(terms).toContain("authorised for the full fee of $25.00");
    expect(terms).toContain("charged only $15.00");
    expect(terms).toContain("If the group does not fill in time, each approved member is charged the full $25.00.");
    await checkPage(page, "groups-start");
    await applyAndAuthorise(page, people[0]!);
    shareUrl = await page.getByLabel("Share this link with your friends so they can join:").inputValue();
    expect(shareUrl).toMatch(/\/c\/demo\/group\/grp_[0-9a-z]{20}$/);
    await checkPage(page, "groups-status-filling");
  });

  it("two friends join through the link and authorise; the group fills", async () => {
    for (const [i, who] of people.slice(1).entries()) {
      const page = await friends[i + 1]!.newPage();
      await page.goto(shareUrl);
      await expect.poll(() => page.locator("h1").innerText()).toBe("Join your friends' group for Operators' Circle");
      if (i === 0) await checkPage(page, "groups-join");
      await applyAndAuthorise(page, who);
    }
    const page = await friends[2]!.newPage();
    await expect
      .poll(async () => {
        await page.goto(statusUrls[2]!);
        return page.locator("[data-group-status]").getAttribute("data-group-status");
      }, { timeout: 15_000 })
      .toBe("filled");
  });

  it("the owner approves all three and each status page shows the group price captured", async () => {
    const admin = await owner.newPage();
    await admin.goto(`${baseUrl}/c/demo/admin/applications?status=under_review`);
    await signInThroughMailbox(admin, baseUrl, "owner@example.com");
    for (const who of people) {
      await admin.goto(`${baseUrl}/c/demo/admin/applications?status=under_review`);
      await admin.getByRole("link", { name: who.name }).click();
      await admin.getByRole("button", { name: "Approve" }).click();
      await admin.waitForURL(/done=approved/);
    }
    for (const [i, url] of statusUrls.entries()) {
      const page = await friends[i]!.newPage();
      await expect
        .poll(async () => {
          await page.goto(url);
          return page.locator("main").innerText();
        }, { timeout: 15_000 })
        .toContain("$15.00 charged on approval (the group price; the rest of the $25.00 hold was released).");
      expect(await page.locator("[data-group-seats]").innerText()).toBe("3 of 3");
      if (i === 0) await checkPage(page, "groups-status-captured");
    }
  });

  it("the owner's group settings page is accessible at both widths", async () => {
    const admin = await owner.newPage();
    await admin.goto(`${baseUrl}/c/demo/admin/groups`);
    await expect.poll(() => admin.locator("h1").innerText()).toBe("Group applications");
    await checkPage(admin, "groups-admin");
  });
});

describe("gifts: the gift form", () => {
  it("is accessible at both widths and states the refund rule before paying", async () => {
    const browser = await launchBrowser();
    try {
      const page = await (await browser.newContext({ bypassCSP: true })).newPage();
      await page.goto(`${baseUrl}/c/demo`);
      await page.getByRole("link", { name: "Give a membership as a gift" }).click();
      await expect.poll(() => page.locator("h1").innerText()).toBe("Give Operators' Circle as a gift");
      expect(await page.locator("main").innerText()).toContain("Refundable in full until the gift starts; refunded automatically if the recipient is not approved.");
      await checkPage(page, "gifts-form");
      await page.getByLabel("Months").fill("13");
      await page.getByLabel("Their name").fill("Sam Lee");
      await page.getByLabel("Their email").fill(`gift-${Date.now()}@example.com`);
      await page.getByLabel("Your email").fill("giver@example.com");
      await page.getByRole("button", { name: "Continue to payment" }).click();
      await expect.poll(() => page.locator("#months-error").innerText()).toBe("Choose 1 to 12 months");
      await checkPage(page, "gifts-form-error");
      await page.getByLabel("Months").fill("2");
      await page.getByRole("button", { name: "Continue to payment" }).click();
      await page.waitForURL(/\/dev\/stripe\/checkout\//);
      await page.getByRole("button", { name: "Pay" }).click();
      await page.waitForURL(/\/gifts\/[0-9a-z]{32}/);
      await expect.poll(() => page.locator("[data-gift-status]").innerText()).toBe("paid");
      await checkPage(page, "gifts-status");
    } finally {
      await browser.close();
    }
  });
});
