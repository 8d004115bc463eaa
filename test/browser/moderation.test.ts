import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { checkPage, DESKTOP } from "./axe";
import { launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");

/**
 * The moderation admin in Chromium, through the running dev worker: the owner finds it in the
 * admin menu, sets the posting rules (a wrong value named next to its field first), and every
 * page passes axe at desktop width and at 390 px. (The queue's items come from member posts; the
 * workers tests in test/moderation/ cover them, and the end-to-end browser test uses them.)
 */
describe("moderation admin in Chromium", () => {
  let browser: Browser;
  let owner: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
    // axe is injected as a script, which the pages' own CSP would refuse.
    owner = await browser.newContext({ bypassCSP: true, viewport: DESKTOP });
  });
  afterAll(async () => browser?.close());

  it("the owner opens the queue from the admin menu and sets the rules", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/members`);
    await signInThroughMailbox(page, baseUrl, "owner@example.com");
    await page.goto(`${baseUrl}/c/demo/admin/members`);
    await page.getByRole("navigation", { name: "Community admin" }).getByRole("link", { name: "Moderation" }).click();
    await page.waitForURL(/\/admin\/moderation$/);
    expect(await page.getByRole("heading", { level: 2 }).allInnerTexts()).toEqual(["Reported", "Held for approval"]);
    await checkPage(page, "moderation-queue");

    await page.getByRole("link", { name: "Rules for new members and posting limits" }).click();
    await page.getByLabel("Hold a new member's first posts").fill("25");
    await page.getByLabel("Posts and replies per member and hour").fill("ten");
    await page.getByRole("button", { name: "Save rules" }).click();
    expect(await page.getByRole("alert").innerText()).toContain("2 fields need attention");
    expect(await page.getByLabel("Hold a new member's first posts").getAttribute("aria-invalid")).toBe("true");
    await checkPage(page, "moderation-rules-errors");

    await page.getByLabel("Hold a new member's first posts").fill("2");
    await page.getByLabel("Posts and replies per member and hour").fill("10");
    await page.getByRole("button", { name: "Save rules" }).click();
    await page.waitForURL(/done=saved/);
    expect(await page.getByRole("status").innerText()).toContain("Rules saved.");
    expect(await page.getByLabel("Hold a new member's first posts").inputValue()).toBe("2");
    await checkPage(page, "moderation-rules");
    // The demo community is shared by the browser tests: put the rules back for the others.
    await page.getByLabel("Hold a new member's first posts").fill("0");
    await page.getByLabel("Posts and replies per member and hour").fill("20");
    await page.getByRole("button", { name: "Save rules" }).click();
    await page.waitForURL(/done=saved/);
    await page.close();
  });
});
