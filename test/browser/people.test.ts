import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { checkPage } from "./axe";
import { latestEmail, launchBrowser, signInThroughMailbox } from "./browser";

const baseUrl = inject("baseUrl");
const HOUR = 3_600_000;

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

async function clock(action: "advance" | "reset", hours?: number): Promise<Date> {
  const res = await fetch(`${baseUrl}/dev/clock/${action}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ hours }) });
  if (!res.ok) throw new Error(`clock ${action}: ${res.status}`);
  return new Date(((await res.json()) as { now: string }).now);
}

/** "YYYY-MM-DDTHH:MM" on Berlin's clock, as the form's datetime-local field takes it. */
function berlin(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The people issue's journey in Chromium, one community, three members and the owner:
 * 1. a new member (Nina) and Hana (a demo member who has shown no answers yet) fill in their
 *    profiles with the same city, and each finds the other under "People you should meet" with
 *    the reason; the directory's filters narrow the list; a profile shows only what was chosen;
 * 2. Nina's welcome post starts drafted; she posts it and four replies, Hana reacts to all five,
 *    Nina reaches level 2, is told so, the leaderboard shows her there and the owner sees her rising;
 * 3. the owner creates a meetup capped at two seats; Nina and Hana take them (the going list shows
 *    their levels), a third member lands on the waitlist and is promoted (email and in-app notice)
 *    when Hana cancels; the dev clock moves to the day before, the cron runs, and the reminder is
 *    in the mailbox; last, the owner cancels it and those going are told.
 * Every page visited is screenshotted at 1280 and 390 px and checked with axe.
 */
describe("people: profiles, introductions, honours and a meetup", () => {
  let browser: Browser;
  let ownerCtx: BrowserContext;
  let ninaCtx: BrowserContext;
  let hanaCtx: BrowserContext;
  let theoCtx: BrowserContext;
  const stamp = Date.now();
  const nina = `nina-${stamp}@example.com`;
  const theo = `theo-${stamp}@example.com`;
  const hana = "hana.kim@example.com";
  const title = `Porto supper club ${stamp}`;
  let threadUrl = "";
  let eventUrl = "";
  let eventMonth = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    [ownerCtx, ninaCtx, hanaCtx, theoCtx] = await Promise.all([0, 1, 2, 3].map(() => browser.newContext({ bypassCSP: true })));
  });
  afterAll(async () => {
    await clock("reset").catch(() => undefined);
    await browser?.close();
  });

  it("the owner comps two new members and has an introductions space", async () => {
    const owner = await ownerCtx.newPage();
    await signIn(owner, "owner@example.com", "/c/demo/admin/members");
    for (const email of [nina, theo]) {
      await owner.goto(`${baseUrl}/c/demo/admin/members`);
      await owner.locator("#comp-email").fill(email);
      await owner.locator("#comp-tier").selectOption({ label: "Member" });
      await owner.locator("#comp-reason").fill("Browser test of the people journey");
      await owner.getByRole("button", { name: "Give comped membership" }).click();
      await owner.waitForURL(/done=comped/);
    }
    await owner.goto(`${baseUrl}/c/demo/admin/people`);
    expect(await owner.getByLabel("Introductions space").inputValue()).not.toBe("");
    await checkPage(owner, "people-01-owner-settings");
    await owner.close();
  });

  it("two members fill their profiles and are introduced to each other, with the reason", async () => {
    // Nina: a name, a city, a bio and a link (refused until it is https).
    const page = await ninaCtx.newPage();
    await signIn(page, nina, "/c/demo/home");
    await page.getByRole("link", { name: "Your profile" }).click();
    await page.getByLabel("Display name").fill("Nina Duarte");
    await page.getByLabel("City (optional)").fill("Porto");
    await page.getByLabel("Short bio (optional)").fill("Runs product at a travel startup; new in town.");
    await page.getByLabel("Links (optional)").fill("http://nina.example.com");
    await page.getByRole("button", { name: "Save profile" }).click();
    expect(await page.getByRole("alert").innerText()).toContain("https://");
    await checkPage(page, "people-02-profile-error");
    await page.getByLabel("Links (optional)").fill("https://nina.example.com");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.waitForURL(/saved=1/);

    // Hana shows her answers (nothing was shown until now) and moves to Porto.
    const h = await hanaCtx.newPage();
    await signIn(h, hana, "/c/demo/profile");
    await h.getByLabel("City (optional)").fill("porto");
    for (const label of ["Hobbies (for meetups)", "Which industry do you work in?", "Help you are looking for"]) await h.getByLabel(label, { exact: false }).check();
    await checkPage(h, "people-03-profile-answers");
    await h.getByRole("button", { name: "Save profile" }).click();
    await h.waitForURL(/saved=1/);

    // Each sees the other under "People you should meet", with the reason.
    await h.goto(`${baseUrl}/c/demo/people`);
    expect(await introduced(h, "Nina Duarte")).toBe("both in Porto");
    expect(await introduced(h, "Sofía Ramos")).toContain("they can help with design critique");
    await checkPage(h, "people-04-directory");
    await h.close();
    await page.goto(`${baseUrl}/c/demo/home`);
    await page.getByRole("link", { name: "People" }).click();
    expect(await introduced(page, "Hana Kim")).toBe("both in Porto");

    // Filters: the city, then an answer; Hana's shown industry, never an unshown answer.
    await page.getByLabel("City").fill("PORTO");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/city=PORTO/);
    const cards = page.locator("ul.people > li");
    await expect(cards.count()).resolves.toBe(2);
    await page.getByLabel("Which industry do you work in?").selectOption("Agency or consulting");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/Agency/);
    await expect(cards.count()).resolves.toBe(1);
    expect(await cards.innerText()).toContain("Hana Kim");
    expect(await page.content()).not.toContain(hana);
    await checkPage(page, "people-05-directory-filtered");

    // Hana's profile page: her shown answers and her recent posts.
    await cards.getByRole("link", { name: "Hana Kim", exact: true }).click();
    await page.getByRole("heading", { name: "Hana Kim", level: 1 }).waitFor();
    const about = await page.locator("section", { hasText: "About" }).innerText();
    expect(about).toContain("Film cameras");
    expect(about).not.toContain("Fast prototypes");
    await checkPage(page, "people-06-person");
    await page.close();
  });

  it("Nina posts her drafted welcome and four replies; Hana's reactions lift her to level 2", async () => {
    const page = await ninaCtx.newPage();
    await page.goto(`${baseUrl}/c/demo/s/introductions`);
    expect(await page.getByLabel("Title", { exact: false }).inputValue()).toBe("Hello from Nina Duarte");
    expect(await page.getByLabel("Post", { exact: false }).inputValue()).toContain("based in Porto");
    await checkPage(page, "people-07-welcome-draft");
    await page.getByRole("button", { name: "Post", exact: true }).click();
    await page.waitForURL(/\/t\/post_/);
    threadUrl = new URL(page.url()).pathname;
    for (let i = 1; i <= 4; i++) {
      await page.getByLabel("Your reply").fill(`Update ${i}: I found a café that does pastéis de nata.`);
      await page.getByRole("button", { name: "Reply", exact: true }).click();
      await page.waitForURL(/#p-post_/);
    }
    expect(await page.locator("main").innerText()).toContain("Nina Duarte · Level 1");
    await page.close();

    const h = await hanaCtx.newPage();
    await h.goto(`${baseUrl}${threadUrl}`);
    for (let i = 0; i < 5; i++) {
      await h.getByRole("button", { name: /Thanks/ }).nth(i).click();
      await h.waitForLoadState();
      await expect.poll(() => h.getByRole("button", { name: /Thanks/ }).nth(i).getAttribute("aria-pressed")).toBe("true");
    }
    await h.reload();
    expect(await h.locator("main").innerText()).toContain("Nina Duarte · Level 2");
    await checkPage(h, "people-08-thread-level-2");

    await h.goto(`${baseUrl}/c/demo/leaderboard?period=7d`);
    const board = h.getByTestId("leaderboard");
    await expect.poll(() => board.innerText()).toContain("Nina Duarte · Level 2");
    expect(await board.locator("tr", { hasText: "Nina Duarte" }).locator('td[data-label="Points"]').innerText()).toBe("5");
    await checkPage(h, "people-09-leaderboard-7d");
    await h.getByRole("link", { name: "All time" }).click();
    await h.waitForURL(/period=all/);
    expect(await h.getByRole("link", { name: "All time" }).getAttribute("aria-current")).toBe("page");
    expect(await h.getByTestId("leaderboard").innerText()).toContain("Nina Duarte · Level 2");
    await checkPage(h, "people-10-leaderboard-all");
    await h.close();

    const mine = await ninaCtx.newPage();
    await mine.goto(`${baseUrl}/c/demo/notifications`);
    await expect.poll(async () => (await mine.reload(), mine.locator("main").innerText()), { timeout: 20_000 }).toContain("lifted you to a new level");
    await checkPage(mine, "people-11-level-up-notice");
    await mine.goto(`${baseUrl}/c/demo/leaderboard`);
    expect(await mine.getByTestId("your-standing").innerText()).toContain("Level 2");
    await mine.close();

    const owner = await ownerCtx.newPage();
    await owner.goto(`${baseUrl}/c/demo/admin/honours`);
    await expect.poll(() => owner.getByTestId("candidates").innerText()).toContain("Nina Duarte · Level 2");
    expect(await owner.getByRole("button", { name: /^Promote Nina Duarte to / }).count()).toBe(1);
    await checkPage(owner, "people-12-honours-admin");
    await owner.close();
  });

  it("the owner creates a meetup with two seats; Nina and Hana take them, shown with their levels", async () => {
    const page = await ownerCtx.newPage();
    const now = await clock("reset");
    await page.goto(`${baseUrl}/c/demo/events`);
    await page.getByRole("link", { name: "New event" }).click();
    await page.waitForURL(/\/events\/new/);
    await checkPage(page, "people-13-event-form");
    await page.locator("#title").fill(title);
    await page.locator("#description").fill("Small table, **big** questions.");
    await page.locator("#city").fill("Porto");
    await page.locator("#address").fill("Rua Secreta 7");
    await page.locator("#timeZone").selectOption("Europe/Berlin");
    // Starts in 30 hours: the day-before reminder is not due yet.
    const start = berlin(new Date(now.getTime() + 30 * HOUR));
    eventMonth = start.slice(0, 7);
    await page.locator("#start").fill(start);
    await page.locator("#end").fill(berlin(new Date(now.getTime() + 32 * HOUR)));
    await page.locator("#capacity").fill("2");
    await page.getByRole("button", { name: "Create event" }).click();
    await page.waitForURL(/done=created/);
    eventUrl = page.url().split("?")[0]!;
    expect(await page.locator("main").innerText()).toContain("0 of 2 seats taken");
    expect(await page.locator("main").innerText()).toContain("Rua Secreta 7"); // the host sees it
    await checkPage(page, "people-14-event-host");
    await page.close();

    for (const ctx of [ninaCtx, hanaCtx]) {
      const p = await ctx.newPage();
      await p.goto(eventUrl);
      expect(await p.locator("main").innerText()).not.toContain("Rua Secreta 7");
      await p.getByRole("button", { name: "Going", exact: true }).click();
      await p.waitForURL(/done=going/);
      expect(await p.getByTestId("rsvp-status").innerText()).toContain("You are going");
      expect(await p.locator("main").innerText()).toContain("Rua Secreta 7");
      await p.close();
    }
  });

  it("a third lands on the waitlist, and is promoted (email and notification) when Hana cancels", async () => {
    const page = await theoCtx.newPage();
    await signIn(page, theo, new URL(eventUrl).pathname);
    await page.getByRole("button", { name: "Going", exact: true }).click();
    await page.waitForURL(/done=waitlisted/);
    expect(await page.getByTestId("rsvp-status").innerText()).toContain("waitlist");
    const main = await page.locator("main").innerText();
    expect(main).not.toContain("Rua Secreta 7");
    expect(main).toContain("2 of 2 seats taken · 1 on the waitlist");
    const going = await page.getByTestId("people").innerText();
    expect(going).toContain("Nina Duarte · Level 2");
    expect(going).toMatch(/Hana Kim · Level \d/);
    expect(await page.getByTestId("waitlist").innerText()).toMatch(/ · Level 1/);
    await checkPage(page, "people-15-waitlisted");

    const h = await hanaCtx.newPage();
    await h.goto(eventUrl);
    await h.getByRole("button", { name: "Cancel: not going" }).click();
    await h.waitForURL(/done=not_going/);
    await h.close();

    const mail = await latestEmail(baseUrl, theo, "event_promoted");
    expect(mail.text).toContain(title);
    expect(mail.text).toContain("Rua Secreta 7");
    await page.goto(`${baseUrl}/c/demo/notifications`);
    expect(await page.locator("main").innerText()).toContain(`A seat opened for you at “${title}”`);
    await checkPage(page, "people-16-promoted-notice");
    await page.getByRole("link", { name: new RegExp(`A seat opened for you at`) }).click();
    await page.waitForURL(new RegExp(new URL(eventUrl).pathname));
    expect(await page.getByTestId("rsvp-status").innerText()).toContain("You are going");
    expect(await page.locator("main").innerText()).toContain("Rua Secreta 7");
    await checkPage(page, "people-17-promoted");
    await page.goto(`${baseUrl}/c/demo/events`);
    expect(await page.locator("main").innerText()).toContain(title);
    await checkPage(page, "people-18-events-list");
    await page.goto(`${baseUrl}/c/demo/events/month?m=${eventMonth}`);
    expect(await page.locator(".month").innerText()).toContain(title);
    await checkPage(page, "people-19-events-month");
    await page.close();
  });

  it("when the clock moves to the day before, the cron sends the reminder to those going", async () => {
    await clock("advance", 8);
    const res = await fetch(`${baseUrl}/cdn-cgi/handler/scheduled?cron=*/15+*+*+*+*`);
    expect(res.ok).toBe(true);
    const reminder = await latestEmail(baseUrl, theo, "event_reminder_day", { timeoutMs: 30_000 });
    expect(reminder.text).toContain(title);
    expect(reminder.text).toContain("Rua Secreta 7");
    await latestEmail(baseUrl, nina, "event_reminder_day", { timeoutMs: 30_000 });
    const page = await theoCtx.newPage();
    await page.goto(`${baseUrl}/dev/mailbox`);
    expect(await page.locator("body").innerText()).toContain(`${title} starts tomorrow`);
    await page.close();
    await clock("reset");
  });

  it("the owner cancels the meetup: those going are told, and the page shows it cancelled", async () => {
    const page = await ownerCtx.newPage();
    await page.goto(eventUrl);
    await page.getByLabel("A word to attendees (optional)").fill("The restaurant closed for a private party.");
    await page.getByRole("button", { name: "Cancel event" }).click();
    expect(await page.getByRole("alert").innerText()).toContain("Tick the box to confirm");
    await page.goto(eventUrl);
    await page.getByLabel("A word to attendees (optional)").fill("The restaurant closed for a private party.");
    await page.getByLabel("Yes, cancel this event for everyone").check();
    await page.getByRole("button", { name: "Cancel event" }).click();
    await page.waitForURL(/done=event_cancelled/);
    expect(await page.getByTestId("cancelled").innerText()).toContain("This event is cancelled");
    await checkPage(page, "people-20-event-cancelled");
    await page.close();
    const mail = await latestEmail(baseUrl, theo, "event_cancelled");
    expect(mail.text).toContain("The restaurant closed for a private party.");
    const theoPage = await theoCtx.newPage();
    await theoPage.goto(`${baseUrl}/c/demo/notifications`);
    expect(await theoPage.locator("main").innerText()).toContain(`“${title}” was cancelled`);
    await theoPage.close();
  });
});
