import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eventCalendarTokens, eventReminders, eventRsvps, events, eventSettings } from "../../drizzle";
import { call, signIn, tools } from "../helpers";
import { makeEvent, OWNER, spaceCommunity } from "./helpers";

async function counts() {
  const { deps } = tools();
  const n = async (t: typeof events | typeof eventRsvps | typeof eventSettings | typeof eventReminders | typeof eventCalendarTokens) => (await deps.db.select({ n: count() }).from(t))[0]!.n;
  return { events: await n(events), rsvps: await n(eventRsvps), settings: await n(eventSettings), reminders: await n(eventReminders), tokens: await n(eventCalendarTokens) };
}

const BODIES: [string, string, BodyInit][] = [
  ["empty json", "application/json", ""],
  ["broken json", "application/json", "{"],
  ["json array", "application/json", "[1,2]"],
  ["wrong types", "application/json", JSON.stringify({ response: 1, title: ["x"], capacity: "many", start: 5, present: "rsv_x", timeZone: null })],
  ["huge field", "application/json", JSON.stringify({ title: "t".repeat(100_000), response: "g".repeat(100_000) })],
  ["proto keys", "application/json", '{"__proto__":{"x":1},"constructor":{"prototype":{}}}'],
  ["text", "text/plain", "going"],
  ["empty form", "application/x-www-form-urlencoded", ""],
  ["odd form", "application/x-www-form-urlencoded", "response=maybe%00&capacity=-1&start=%FF&present[]=x&kind=space"],
];

describe("odd input on every events route: never a 5xx, never a half-written row", () => {
  it("pages and API, as a member and as the owner", { timeout: 120_000 }, async () => {
    const s = await spaceCommunity({ members: 1 });
    const event = await makeEvent(s.community, { capacity: 2 });
    const [member, owner] = [await signIn(s.member1), await signIn(OWNER)];
    const slug = s.community.slug;
    // Read the feed tokens first: the events list creates one per viewer on first sight.
    await call(`/c/${slug}/events`, { cookie: member, headers: { accept: "text/html" } });
    await call(`/c/${slug}/events`, { cookie: owner, headers: { accept: "text/html" } });
    const routes: [string, string][] = [
      ["POST", `/c/${slug}/events`],
      ["POST", `/c/${slug}/events/${event.id}/rsvp`],
      ["POST", `/c/${slug}/events/${event.id}/pay`],
      ["POST", `/c/${slug}/events/${event.id}/edit`],
      ["POST", `/c/${slug}/events/${event.id}/attendance`],
      ["POST", `/c/${slug}/admin/events`],
      ["POST", `/api/v1/communities/${slug}/events`],
      ["PUT", `/api/v1/communities/${slug}/events/${event.id}`],
      ["PUT", `/api/v1/communities/${slug}/events/${event.id}/rsvp`],
      ["PUT", `/api/v1/communities/${slug}/events/${event.id}/attendance`],
      ["PUT", `/api/v1/communities/${slug}/events/evt_${"z".repeat(80)}/rsvp`],
      ["GET", `/api/v1/communities/${slug}/events?when=sometime&page=-1`],
      ["GET", `/api/v1/communities/${slug}/events?cursor=1.evt_x%27--`],
      ["GET", `/c/${slug}/events?when=past&cursor=not-a-cursor`],
      ["GET", `/c/${slug}/events/month?m=2026-13`],
      ["GET", `/c/${slug}/calendar/..%2F..%2Fetc.ics`],
    ];
    const before = await counts();
    const seen: string[] = [];
    for (const cookie of [member, owner, undefined]) {
      for (const [method, path] of routes) {
        for (const [kind, type, body] of method === "GET" ? [["get", "", ""] as [string, string, BodyInit]] : BODIES) {
          const res = await call(path, { method, cookie, body: method === "GET" ? undefined : body, headers: type ? { "content-type": type } : {} });
          seen.push(`${res.status}`);
          expect(res.status, `${method} ${path} ${kind}`).toBeLessThan(500);
        }
      }
    }
    expect(await counts()).toEqual(before);
    expect(seen.filter((s) => s.startsWith("4")).length).toBeGreaterThan(100);
  });
});
