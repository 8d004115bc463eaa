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
 * Events in Chromium: the owner creates a meetup capped at two seats; two members take them, a
 * third lands on the waitlist and is promoted (and told by email) when one cancels; the dev clock
 * moves to a day before the start, the cron runs, and the reminder is in the mailbox. Pages are
 * checked at desktop and 390 px with axe.
 */
describe("events: a capped meetup, its waitlist and its reminder", () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now();
  const title = `Capped meetup ${stamp}`;
  const members = [`first-${stamp}@example.com`, `second-${stamp}@example.com`, `third-${stamp}@example.com`];
  let eventUrl = "";
  let eventMonth = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    for (let i = 0; i < 4; i++) contexts.push(await browser.newContext({ bypassCSP: true }));
  });
  afterAll(async () => {
    await clock("reset").catch(() => undefined);
    await browser?.close();
  });

  it("the owner comps three members and creates a meetup with two seats", async () => {
    const page = await contexts[0]!.newPage();
    await signIn(page, "owner@example.com", "/c/demo/admin/members");
    for (const email of members) {
      await page.goto(`${baseUrl}/c/demo/admin/members`);
      await page.locator("#comp-email").fill(email);
      await page.locator("#comp-tier").selectOption({ label: "Member" });
      await page.locator("#comp-reason").fill("Browser test of events");
      await page.getByRole("button", { name: "Give comped membership" }).click();
      await page.waitForURL(/done=comped/);
    }
    const now = await clock("reset");
    await page.goto(`${baseUrl}/c/demo/events`);
    await page.getByRole("link", { name: "New event" }).click();
    await page.waitForURL(/\/events\/new/);
    await checkPage(page, "events-01-form");
    await page.locator("#title").fill(title);
    await page.locator("#description").fill("Small table, **big** questions.");
    await page.locator("#city").fill("Berlin");
    await page.locator("#address").fill("Secret Street 7");
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
    expect(await page.locator("main").innerText()).toContain("Secret Street 7"); // the host sees it
    await checkPage(page, "events-02-event-host");
    await page.close();
  });

  it("two members take the seats, the third lands on the waitlist without the address", async () => {
    for (const [i, email] of members.entries()) {
      const page = await contexts[i + 1]!.newPage();
      await signIn(page, email, new URL(eventUrl).pathname);
      expect(await page.locator("main").innerText()).not.toContain("Secret Street 7");
      await page.getByRole("button", { name: "Going", exact: true }).click();
      await page.waitForURL(/done=/);
      const status = await page.getByTestId("rsvp-status").innerText();
      if (i < 2) {
        expect(status).toContain("You are going");
        expect(await page.locator("main").innerText()).toContain("Secret Street 7");
      } else {
        expect(status).toContain("waitlist");
        expect(await page.locator("main").innerText()).not.toContain("Secret Street 7");
        expect(await page.locator("main").innerText()).toContain("2 of 2 seats taken · 1 on the waitlist");
        await checkPage(page, "events-03-waitlisted");
      }
      await page.close();
    }
  });

  it("a cancellation promotes the third, who is told by email and then sees the address", async () => {
    const first = await contexts[1]!.newPage();
    await first.goto(eventUrl);
    await first.getByRole("button", { name: "Cancel: not going" }).click();
    await first.waitForURL(/done=not_going/);
    await first.close();
    const mail = await latestEmail(baseUrl, members[2]!, "event_promoted");
    expect(mail.text).toContain(title);
    expect(mail.text).toContain("Secret Street 7");
    const third = await contexts[3]!.newPage();
    await third.goto(eventUrl);
    expect(await third.getByTestId("rsvp-status").innerText()).toContain("You are going");
    expect(await third.locator("main").innerText()).toContain("Secret Street 7");
    await checkPage(third, "events-04-promoted");
    await third.goto(`${baseUrl}/c/demo/events`);
    expect(await third.locator("main").innerText()).toContain(title);
    await checkPage(third, "events-05-list");
    await third.goto(`${baseUrl}/c/demo/events/month?m=${eventMonth}`);
    expect(await third.locator(".month").innerText()).toContain(title);
    await checkPage(third, "events-06-month");
    await third.close();
  });

  it("when the clock moves to the day before, the cron sends the reminder to those going", async () => {
    await clock("advance", 8);
    const res = await fetch(`${baseUrl}/cdn-cgi/handler/scheduled?cron=*/15+*+*+*+*`);
    expect(res.ok).toBe(true);
    const reminder = await latestEmail(baseUrl, members[2]!, "event_reminder_day", { timeoutMs: 30_000 });
    expect(reminder.text).toContain(title);
    expect(reminder.text).toContain("Secret Street 7");
    await latestEmail(baseUrl, members[1]!, "event_reminder_day", { timeoutMs: 30_000 });
    const page = await contexts[3]!.newPage();
    await page.goto(`${baseUrl}/dev/mailbox`);
    expect(await page.locator("body").innerText()).toContain(`starts tomorrow`);
    await page.close();
    await clock("reset");
  });
});
