import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { checkPage, DESKTOP } from "./axe";
import { launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");
const check = (page: Page, name: string) => checkPage(page, `legibility-${name}`);

/** WCAG contrast of a badge's text on its background, measured from the live stylesheet. */
async function badgeContrast(page: Page, classes: string): Promise<number> {
  return page.evaluate((cls) => {
    const el = document.createElement("span");
    el.className = cls;
    el.textContent = "x";
    document.body.append(el);
    const style = getComputedStyle(el);
    const rgb = (s: string) => s.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
    el.remove();
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }, classes);
}

describe("legibility: audit, calendar, drop editor, reactions, time zones, badges", () => {
  let browser: Browser;
  let owner: BrowserContext;
  const title = `Salary bands ${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await browser.newContext({ bypassCSP: true, viewport: DESKTOP });
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/audit`);
    await signInThroughMailbox(page, baseUrl, "owner@example.com");
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the audit log names tiers and shows values, not codes and ids", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/audit`);
    const table = await page.locator("table").innerText();
    expect(table).toContain("Tier created");
    expect(table).toMatch(/Member\s+.*rank 1; \$29\.00 \/ month; \$290\.00 \/ year/);
    expect(table).not.toMatch(/tier\.created|\btier_[a-z0-9]{6,}/);
    await check(page, "audit");
    await page.close();
  });

  it("the calendar draws a staggered drop on both release days, in even columns; delete asks first", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/content/new`);
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Body (Markdown)").fill("Bands for every level.");
    await page.getByLabel("Topics").fill("pay");
    await page.getByLabel("Core (rank 2)").check();
    await page.getByLabel("Member (rank 1)").check();
    await page.getByLabel("Member: delay in days").fill("3");
    await page.getByRole("button", { name: "Schedule" }).click();
    await page.goto(`${baseUrl}/c/demo/admin/content`);
    const calendar = page.getByTestId("calendar");
    expect(await calendar.getByRole("link", { name: new RegExp(title) }).count()).toBe(2);
    const widths = await calendar.locator("thead th").evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().width)));
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1);
    expect(await page.locator("main").innerText()).not.toContain("Nothing is scheduled in the next 7 days.");
    expect(await page.getByTestId("drops-table").innerText()).toContain("Core, Member after 3 days");
    await check(page, "content-calendar");

    await page.getByTestId("drops-table").getByRole("link", { name: title }).click();
    await page.getByRole("link", { name: "Delete drop…" }).click();
    expect(await page.locator("h1").innerText()).toBe(`Delete “${title}”?`);
    await check(page, "delete-confirm");
    await page.getByRole("link", { name: "No, keep it" }).click();
    expect(await page.locator("h1").innerText()).toBe("Edit drop");

    // Reaction buttons are named by what they show: the label and the count.
    await page.getByRole("link", { name: "Preview as members see it" }).click();
    // The release plan reads in days, the unit the editor asks in.
    expect(await page.locator("main").innerText()).toContain("Core at once, Member after 3 days");
    for (const name of ["Thumbs up 0", "Love 0", "Celebrate 0", "Insightful 0", "Thanks 0"]) {
      expect(await page.getByRole("button", { name, exact: true }).count(), name).toBe(1);
    }
    await check(page, "drop-preview-reactions");
    await page.close();
  });

  it("shows times in the zone the viewer picks, and green badges reach 4.5:1", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl}/c/demo/admin/audit`);
    expect(await page.locator("table").innerText()).toMatch(/\d{2}:\d{2} UTC/);
    await page.getByRole("link", { name: "Change time zone" }).click();
    await page.getByLabel("Your time zone").selectOption("Asia/Tokyo");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(`${baseUrl}/c/demo/admin/audit`);
    expect(await page.locator("table").innerText()).toMatch(/\d{2}:\d{2} GMT\+9/);
    expect(await page.locator("footer").innerText()).toContain("Times shown in Asia/Tokyo");
    await check(page, "audit-tokyo");
    for (const cls of ["badge approved", "badge active", "badge ok", "badge paid"]) {
      expect(await badgeContrast(page, cls), cls).toBeGreaterThanOrEqual(4.5);
    }
    await page.close();
  });
});
