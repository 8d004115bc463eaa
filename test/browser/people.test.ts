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

/** The "People you should meet" entry naming `name`, and its reason. */
async function introduced(page: Page, name: string): Promise<string> {
  const item = page.getByTestId("introductions").locator("li", { hasText: name });
  await expect(item.count()).resolves.toBe(1);
  return item.getByTestId("reason").innerText();
}

/**
 * The member directory in Chromium: a new member and Hana (a demo member who has not shown any
 * answers yet) fill in their profiles with the same city; each then finds the other under
 * "People you should meet" with the reason, Hana also meets someone who offers what she looks
 * for, the directory's filters narrow the list, a profile page shows what was chosen, and the new
 * member's welcome post starts drafted. Screenshots at 1280 and 390 px, axe on every page.
 */
describe("people: profiles, directory and introductions", () => {
  let browser: Browser;
  let ownerCtx: BrowserContext;
  let newCtx: BrowserContext;
  let hanaCtx: BrowserContext;
  const email = `people-${Date.now()}@example.com`;

  beforeAll(async () => {
    browser = await launchBrowser();
    [ownerCtx, newCtx, hanaCtx] = await Promise.all([browser.newContext({ bypassCSP: true }), browser.newContext({ bypassCSP: true }), browser.newContext({ bypassCSP: true })]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("two members fill their profiles and are introduced to each other, with the reason", { timeout: 240_000 }, async () => {
    const owner = await ownerCtx.newPage();
    await signIn(owner, "owner@example.com", "/c/demo/admin/members");
    await owner.locator("#comp-email").fill(email);
    await owner.locator("#comp-tier").selectOption({ label: "Member" });
    await owner.locator("#comp-reason").fill("Browser test of the directory");
    await owner.getByRole("button", { name: "Give comped membership" }).click();
    await owner.waitForURL(/done=comped/);
    await owner.goto(`${baseUrl}/c/demo/admin/people`);
    expect(await owner.getByLabel("Introductions space").inputValue()).not.toBe("");
    await checkPage(owner, "people-01-owner-settings");

    // The new member: a name, a city, a bio and a link.
    const nina = await newCtx.newPage();
    await signIn(nina, email, "/c/demo/home");
    await nina.getByRole("link", { name: "Your profile" }).click();
    await nina.getByLabel("Display name").fill("Nina Duarte");
    await nina.getByLabel("City (optional)").fill("Porto");
    await nina.getByLabel("Short bio (optional)").fill("Runs product at a travel startup; new in town.");
    await nina.getByLabel("Links (optional)").fill("http://nina.example.com");
    await nina.getByRole("button", { name: "Save profile" }).click();
    expect(await nina.getByRole("alert").innerText()).toContain("https://");
    await checkPage(nina, "people-02-profile-error");
    await nina.getByLabel("Links (optional)").fill("https://nina.example.com");
    await nina.getByRole("button", { name: "Save profile" }).click();
    await nina.waitForURL(/saved=1/);

    // Hana shows her answers (nothing was shown until now) and moves to Porto.
    const hana = await hanaCtx.newPage();
    await signIn(hana, "hana.kim@example.com", "/c/demo/profile");
    await hana.getByLabel("City (optional)").fill("porto");
    for (const label of ["Hobbies (for meetups)", "Which industry do you work in?", "Help you are looking for"]) await hana.getByLabel(label, { exact: false }).check();
    await checkPage(hana, "people-03-profile-answers");
    await hana.getByRole("button", { name: "Save profile" }).click();
    await hana.waitForURL(/saved=1/);

    // Each sees the other under "People you should meet", with the reason.
    await hana.goto(`${baseUrl}/c/demo/people`);
    expect(await introduced(hana, "Nina Duarte")).toBe("both in Porto");
    expect(await introduced(hana, "Sofía Ramos")).toContain("they can help with design critique");
    await checkPage(hana, "people-04-directory");
    await nina.goto(`${baseUrl}/c/demo/home`);
    await nina.getByRole("link", { name: "People" }).click();
    expect(await introduced(nina, "Hana Kim")).toBe("both in Porto");

    // Filters: the city, then an answer; Hana's shown industry, never an unshown answer.
    await nina.getByLabel("City").fill("PORTO");
    await nina.getByRole("button", { name: "Filter" }).click();
    const cards = nina.locator("ul.people > li");
    await expect(cards.count()).resolves.toBe(2);
    await nina.getByLabel("Which industry do you work in?").selectOption("Agency or consulting");
    await nina.getByRole("button", { name: "Filter" }).click();
    await expect(cards.count()).resolves.toBe(1);
    expect(await cards.innerText()).toContain("Hana Kim");
    expect(await nina.content()).not.toContain("hana.kim@example.com");
    await checkPage(nina, "people-05-directory-filtered");

    // Hana's profile page: her shown answers and her recent posts.
    await cards.getByRole("link", { name: "Hana Kim", exact: true }).click();
    await nina.getByRole("heading", { name: "Hana Kim", level: 1 }).waitFor();
    const about = await nina.locator("section", { hasText: "About" }).innerText();
    expect(about).toContain("Film cameras");
    expect(about).not.toContain("Fast prototypes");
    await checkPage(nina, "people-06-person");

    // Nina's welcome post in the Introductions space starts drafted from her profile.
    await nina.goto(`${baseUrl}/c/demo/s/introductions`);
    expect(await nina.getByLabel("Title", { exact: false }).inputValue()).toBe("Hello from Nina Duarte");
    expect(await nina.getByLabel("Post", { exact: false }).inputValue()).toContain("based in Porto");
    await checkPage(nina, "people-07-welcome-draft");
  });
});
