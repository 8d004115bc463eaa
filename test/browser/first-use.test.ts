import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { checkPage, DESKTOP, overflowsSideways, PHONE } from "./axe";
import { launchBrowser, screenshot, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");
const check = (page: Page, name: string) => checkPage(page, `first-use-${name}`);

/** The demo's questionnaire answered through the API, leaving an application awaiting payment. */
async function applyByApi(name: string): Promise<void> {
  const demo = (await (await fetch(`${baseUrl}/api/v1/communities/demo`)).json()) as { questions: { id: string; kind: string; options: string[]; required: boolean }[] };
  const answers: Record<string, unknown> = {};
  for (const q of demo.questions.filter((x) => x.required)) {
    answers[q.id] =
      q.kind === "number" ? 10 : q.kind === "single_choice" ? q.options[0] : q.kind === "multi_choice" ? [q.options[0]] : "Twenty characters or more of honest answer.";
  }
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}@example.com`;
  const res = await fetch(`${baseUrl}/api/v1/communities/demo/applications`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, email, acceptRules: true, answers }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

describe("first use: drafts, the landing page, navigation, small screens", () => {
  let browser: Browser;
  let visitor: BrowserContext;
  let operator: BrowserContext;
  let owner: BrowserContext;
  const slug = `owls-${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    // bypassCSP only lets the test inject axe-core; the pages themselves run no script.
    visitor = await browser.newContext({ bypassCSP: true, viewport: DESKTOP });
    operator = await browser.newContext({ bypassCSP: true, viewport: DESKTOP });
    owner = await browser.newContext({ bypassCSP: true, viewport: DESKTOP });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows a newcomer the tiers and prices, the host, the owner's links, and an Apply button that jumps to the form", async () => {
    const page = await visitor.newPage();
    await page.goto(`${baseUrl}/c/demo`);
    const body = await page.locator("main").innerText();
    expect(body).toContain("Hosted by Maya Okafor and Jonas Berg");
    expect(body).toContain("usually within 3 days");
    const tiers = page.getByRole("region", { name: "Membership, once you are approved" });
    expect(await tiers.getByRole("heading", { level: 3 }).allInnerTexts()).toEqual(["Member", "Inner Circle"]);
    expect(await tiers.innerText()).toContain("$29.00 per month");
    expect(await tiers.innerText()).toContain("$199.00 per month");
    expect(await page.getByRole("link", { name: "Terms of membership" }).getAttribute("href")).toBe("https://example.com/operators-circle/terms");
    expect(await page.getByRole("link", { name: "Privacy policy" }).count()).toBe(1);
    // No separator left hanging in the fee box, at any width.
    expect(await page.locator(".fee-terms li").allInnerTexts()).toEqual(["One-time", "Refunded if not approved"]);
    await check(page, "landing");
    await page.getByRole("link", { name: "Apply", exact: true }).click();
    await page.waitForURL(/#apply-h$/);
    await expect.poll(() => page.getByLabel("Your name").isVisible()).toBe(true);
    await page.close();
  });

  it("after a failed submit focuses the error summary, and the address still works as a GET", async () => {
    const page = await visitor.newPage();
    await page.goto(`${baseUrl}/c/demo`);
    await page.getByLabel("Your name").fill("Ada");
    await page.getByRole("button", { name: /Continue to payment/ }).click();
    await page.waitForURL(`${baseUrl}/c/demo/apply`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("form-errors");
    expect(await page.locator("#form-errors").innerText()).toMatch(/things need attention/);
    await check(page, "apply-errors");
    // Opening that address afresh (a bookmark, a shared link, a new tab) lands on the form.
    const res = await page.goto(page.url());
    expect(res?.status()).toBe(200);
    await page.waitForURL(`${baseUrl}/c/demo#apply-h`);
    expect(await page.locator("h1").innerText()).toBe("Operators' Circle");
    await page.close();
  });

  it("an operator's home leads to community creation; a new community is a draft only staff see, and Publish refuses until its checklist is done", async () => {
    const page = await operator.newPage();
    await page.goto(`${baseUrl}/signin`);
    await signInThroughMailbox(page, baseUrl, "operator@example.com");
    await page.goto(`${baseUrl}/`);
    await check(page, "operator-home");
    await page.getByRole("link", { name: "Create a community" }).click();
    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Name").fill("Night Owls");
    await page.getByLabel("Application fee").fill("15.00");
    await page.getByLabel("Owner emails").fill("owner@example.com");
    await page.getByRole("button", { name: /Create/ }).click();
    await page.waitForURL(`${baseUrl}/c/${slug}/admin/launch?done=created`);
    expect(await page.locator("main").innerText()).toContain("This community is a draft");
    await check(page, "launch-checklist");

    await page.getByRole("button", { name: "Publish Night Owls" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("launch-errors");
    expect(await page.locator("#launch-errors").innerText()).toContain("Not published yet: 4 items are still open.");
    await check(page, "publish-refused");

    // The draft's landing page: the operator (staff everywhere) sees it marked; a visitor gets a 404.
    await page.goto(`${baseUrl}/c/${slug}`);
    expect(await page.locator("main").innerText()).toContain("Draft: only staff can see this page.");
    const outsider = await visitor.newPage();
    const res = await outsider.goto(`${baseUrl}/c/${slug}`);
    expect(res?.status()).toBe(404);
    await check(outsider, "draft-hidden");
    await outsider.close();
    await page.close();
  });

  it("the review queue works at 390 px: collapsed menu, stacked rows, select all, next and previous", async () => {
    // Names no other browser test uses: they share one dev database.
    for (const name of ["Barbara Liskov", "Alan Turing", "Edsger Dijkstra"]) await applyByApi(name);
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/applications`);
    await signInThroughMailbox(page, baseUrl, "owner@example.com");
    await page.goto(`${baseUrl}/c/demo/admin/applications`);
    // Who is signed in, on every page, with their communities one click away.
    expect(await page.locator(".topbar .who").innerText()).toBe("owner@example.com");
    await check(page, "queue");

    await page.setViewportSize(PHONE);
    const menu = page.locator("details.admin-nav");
    expect(await menu.getByRole("link", { name: "Members" }).isVisible()).toBe(false);
    await menu.locator("summary").click();
    expect(await menu.getByRole("link", { name: "Members" }).isVisible()).toBe(true);
    await screenshot(page, "first-use-queue-menu-open-390");
    expect(await overflowsSideways(page)).toBe(false);
    await page.locator(".topbar details.account summary").click();
    expect(await page.getByRole("list", { name: "Your communities" }).innerText()).toContain("Operators' Circle");
    await screenshot(page, "first-use-account-menu-390");
    expect(await overflowsSideways(page)).toBe(false);
    await page.setViewportSize(DESKTOP);

    await page.getByRole("link", { name: /Select all \d+ on this page/ }).click();
    await page.waitForURL(/select=all#bulk$/);
    const boxes = page.locator('input[name="ids"]');
    expect(await boxes.count()).toBeGreaterThanOrEqual(3);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);
    await check(page, "queue-all-selected");

    await page.getByRole("link", { name: "Alan Turing" }).click();
    await page.getByRole("link", { name: "Next: Barbara Liskov" }).click();
    expect(await page.locator("h1").innerText()).toContain("Barbara Liskov");
    await page.getByRole("link", { name: "Previous: Alan Turing" }).click();
    expect(await page.locator("h1").innerText()).toContain("Alan Turing");
    await check(page, "application-pager");
    await page.close();
  });
});
