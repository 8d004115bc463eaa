import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberActivityDaily, memberPoints } from "../../drizzle";
import { devClock } from "../../src/dev/clock";
import { escapeText, foldLine } from "../../src/events/ics";
import { respond } from "../../src/events/rsvp";
import { zonedToUtc } from "../../src/events/time";
import { call, postForm, signIn, tools } from "../helpers";
import { eventInput, html, makeEvent, OWNER, rsvpsOf, spaceCommunity } from "./helpers";

describe("calendar files, the month view and attendance", () => {
  it("time zones: wall-clock times in the event's zone, across daylight saving", () => {
    expect(zonedToUtc("2026-12-03T19:00", "Europe/Berlin")!.toISOString()).toBe("2026-12-03T18:00:00.000Z");
    expect(zonedToUtc("2026-07-03T19:00", "Europe/Berlin")!.toISOString()).toBe("2026-07-03T17:00:00.000Z");
    expect(zonedToUtc("2026-03-08T12:00", "America/New_York")!.toISOString()).toBe("2026-03-08T16:00:00.000Z");
    expect(zonedToUtc("2026-12-03T19:00", "Asia/Kolkata")!.toISOString()).toBe("2026-12-03T13:30:00.000Z");
    expect(zonedToUtc("2026-02-30T10:00", "UTC")).toBeNull();
  });

  it("RFC 5545: CRLF line ends, escaped text, 75-octet folding that keeps UTF-8 characters whole, UTC times", async () => {
    expect(escapeText("a;b,c\\d\ne")).toBe("a\\;b\\,c\\\\d\\ne");
    const folded = foldLine("DESCRIPTION:" + "é".repeat(60));
    for (const line of folded.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(folded.split("\r\n").slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(folded.replace(/\r\n /g, "")).toBe("DESCRIPTION:" + "é".repeat(60));

    const s = await spaceCommunity({ members: 1 });
    const event = await makeEvent(s.community, { title: "Dinner; drinks, and talk", description: "Line one\nLine two " + "long ".repeat(30), timeZone: "Europe/Berlin" });
    const cookie = await signIn(s.member1);
    const res = await call(`/c/${s.community.slug}/events/${event.id}/event.ics`, { cookie });
    expect(res.headers.get("content-type")).toContain("text/calendar");
    const text = await res.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    for (const line of text.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, "");
    expect(unfolded).toContain("SUMMARY:Dinner\\; drinks\\, and talk");
    expect(unfolded).toContain("DESCRIPTION:Line one\\nLine two");
    expect(unfolded).toMatch(new RegExp(`DTSTART:${event.startsAt.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}\r\n`));
    expect(unfolded).toContain(`UID:${event.id}@threshold`);
  });

  it("the month view lists the month's events in a grid, and moves between months", async () => {
    const s = await spaceCommunity({ members: 1 });
    const input = eventInput({ title: "Month party" });
    const event = await makeEvent(s.community, { title: "Month party" });
    const cookie = await signIn(s.member1);
    const month = input.start.slice(0, 7);
    const res = await call(`/c/${s.community.slug}/events/month?m=${month}`, { cookie, headers: html });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`/events/${event.id}`);
    expect(page).toContain("Month party");
    expect(page).toMatch(/class="month"/);
    const other = await (await call(`/c/${s.community.slug}/events/month?m=2001-01`, { cookie, headers: html })).text();
    expect(other).toContain("No events this month");
    expect((await call(`/c/${s.community.slug}/events/month?m=zzz`, { cookie, headers: html })).status).toBe(200);
  });

  it("the host marks who came, once started, in one batch with the activity record; past events show who came", async () => {
    const s = await spaceCommunity({ members: 3 });
    const event = await makeEvent(s.community, { inHours: 2 });
    const { deps } = tools();
    for (const i of [1, 2, 3]) await respond(deps, s.community, event, s.member(i), "going");
    const owner = await signIn(OWNER);
    const early = await postForm(`/c/${s.community.slug}/events/${event.id}/attendance`, { present: [] }, owner);
    expect(early.status).toBe(409);
    devClock.advance(5 * 3_600_000);
    try {
      const rows = await rsvpsOf(event.id);
      const came = rows.filter((r) => r.email !== s.member(3)).map((r) => r.id);
      const member = await signIn(s.member(1));
      expect((await postForm(`/c/${s.community.slug}/events/${event.id}/attendance`, { present: came }, member)).status).toBe(403);
      expect((await postForm(`/c/${s.community.slug}/events/${event.id}/attendance`, { present: [...came, "rsv_stranger"] }, owner)).status).toBe(400);
      expect((await postForm(`/c/${s.community.slug}/events/${event.id}/attendance`, { present: came }, owner)).status).toBe(303);
      // Saving the same marks again counts nothing twice.
      await postForm(`/c/${s.community.slug}/events/${event.id}/attendance`, { present: came }, owner);
      const counted = await deps.db.select().from(memberActivityDaily).where(and(eq(memberActivityDaily.communityId, s.community.id)));
      // Summed per person: signing in after the clock moved can add a row on another day (past midnight UTC).
      const attended: Record<string, number> = {};
      for (const r of counted) attended[r.email] = (attended[r.email] ?? 0) + r.eventsAttended;
      expect(attended[s.member(1)]).toBe(1);
      expect(attended[s.member(2)]).toBe(1);
      expect(attended[s.member(3)] ?? 0).toBe(0);
      const page = await (await call(`/c/${s.community.slug}/events/${event.id}`, { cookie: await signIn(s.member(3)), headers: html })).text();
      expect(page).toContain("Who came");
      expect(page).not.toContain("Mark who came");
      const past = await (await call(`/c/${s.community.slug}/events?when=past`, { cookie: member, headers: html })).text();
      expect(past).toContain(`/events/${event.id}`);
      // Unmarking takes the count back.
      await postForm(`/c/${s.community.slug}/events/${event.id}/attendance`, { present: came.slice(0, 1) }, owner);
      const after = await deps.db.select().from(memberActivityDaily).where(eq(memberActivityDaily.communityId, s.community.id));
      expect(after.reduce((n, r) => n + r.eventsAttended, 0)).toBe(1);
      // Points toward the level: the owner's 5 by default for each who came, once; unmarking took member 2's back.
      const points = async () => Object.fromEntries((await deps.db.select().from(memberPoints).where(eq(memberPoints.communityId, s.community.id))).map((r) => [r.email, r.points]));
      expect(await points()).toEqual({ [s.member(1)]: 5, [s.member(2)]: 0 });
      // The owner sets another amount; bad amounts are refused naming the field.
      expect((await postForm(`/c/${s.community.slug}/admin/events`, { membersCreate: "no", attendancePoints: "-3" }, owner)).status).toBe(400);
      expect((await postForm(`/c/${s.community.slug}/admin/events`, { membersCreate: "no", attendancePoints: "20" }, owner)).status).toBe(303);
      await postForm(`/c/${s.community.slug}/events/${event.id}/attendance`, { present: came }, owner);
      expect(await points()).toEqual({ [s.member(1)]: 5, [s.member(2)]: 20 });
    } finally {
      devClock.reset();
    }
  });
});
