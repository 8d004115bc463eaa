import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications } from "../../drizzle";
import { devClock } from "../../src/dev/clock";
import { markAttendance } from "../../src/events/attendance";
import { respond } from "../../src/events/rsvp";
import { pointStatements } from "../../src/honours/points";
import { batchAll } from "../../src/lib/db";
import { referralPointStatements } from "../../src/referrals/rewards";
import { call, signIn, tools } from "../helpers";
import { pointsOf } from "../honours/helpers";
import { html, makeEvent, spaceCommunity } from "./helpers";

const HOUR = 3_600_000;

interface NotificationOut {
  kind: string;
  text: string;
  space: string;
  url: string;
  readAt: string | null;
}

async function noticesOf(slug: string, email: string): Promise<{ items: NotificationOut[]; unread: number }> {
  const res = await call(`/api/v1/communities/${slug}/notifications`, { cookie: await signIn(email) });
  expect(res.status).toBe(200);
  return (await res.json()) as { items: NotificationOut[]; unread: number };
}

async function levelRows(communityId: string, email: string) {
  const { deps } = tools();
  return deps.db.select().from(notifications).where(and(eq(notifications.communityId, communityId), eq(notifications.email, email), eq(notifications.kind, "level_up")));
}

describe("people on an event are named with their level; seats and levels are told in-app", { timeout: 30_000 }, () => {
  it("the going list and the waitlist show each name with its level, on the page and in the API", async () => {
    const s = await spaceCommunity({ members: 3 });
    const { deps } = tools();
    // member 1 reaches level 2 (5 points) by some earlier award.
    await batchAll(deps.db, pointStatements(deps.db, { communityId: s.community.id, email: s.member(1), points: 5, reason: "test", sourceKind: "test", sourceId: "one", at: deps.now() }));
    const event = await makeEvent(s.community, { capacity: 1 });
    await respond(deps, s.community, event, s.member(1), "going");
    await respond(deps, s.community, event, s.member(2), "going"); // waitlisted
    const cookie = await signIn(s.member(3));
    const api = (await (await call(`/api/v1/communities/${s.community.slug}/events/${event.id}`, { cookie })).json()) as {
      people: { name: string; level: number }[];
      waitlistPeople: { name: string; level: number }[];
    };
    expect(api.people).toHaveLength(1);
    expect(api.people[0]).toMatchObject({ level: 2 });
    expect(api.people[0]!.name).toMatch(/ · Level 2$/);
    expect(api.waitlistPeople).toHaveLength(1);
    expect(api.waitlistPeople[0]!.name).toMatch(/ · Level 1$/);
    const page = await (await call(`/c/${s.community.slug}/events/${event.id}`, { cookie, headers: html })).text();
    const going = /<ul data-testid="people">([\s\S]*?)<\/ul>/.exec(page)![1]!;
    const waiting = /<ol data-testid="waitlist">([\s\S]*?)<\/ol>/.exec(page)![1]!;
    expect(going).toContain(api.people[0]!.name);
    expect(waiting).toContain(api.waitlistPeople[0]!.name);
    expect(page).not.toContain(s.member(1));
  });

  it("a member promoted from the waitlist finds the seat in their notifications; nobody else does", async () => {
    const s = await spaceCommunity({ members: 3 });
    const { deps } = tools();
    const event = await makeEvent(s.community, { capacity: 1, title: "Rooftop supper" });
    await respond(deps, s.community, event, s.member(1), "going");
    await respond(deps, s.community, event, s.member(2), "going");
    await respond(deps, s.community, event, s.member(3), "going");
    await respond(deps, s.community, event, s.member(1), "not_going");
    const promoted = await noticesOf(s.community.slug, s.member(2));
    expect(promoted.unread).toBe(1);
    expect(promoted.items).toEqual([expect.objectContaining({ kind: "event_promoted", text: "A seat opened for you at “Rooftop supper”", space: "Events" })]);
    expect(promoted.items[0]!.url).toMatch(new RegExp(`/c/${s.community.slug}/events/${event.id}$`));
    expect((await noticesOf(s.community.slug, s.member(3))).items).toEqual([]);
    expect((await noticesOf(s.community.slug, s.member(1))).items).toEqual([]);
    // The page lists it too, and opening it leads to the event and marks it read.
    const cookie = await signIn(s.member(2));
    const list = await (await call(`/c/${s.community.slug}/notifications`, { cookie, headers: html })).text();
    expect(list).toContain("A seat opened for you at “Rooftop supper”");
    const id = /\/notifications\/(ntf_[0-9a-z]+)"/.exec(list)![1]!;
    const open = await call(`/c/${s.community.slug}/notifications/${id}`, { cookie, headers: html });
    expect(open.headers.get("location")).toContain(`/events/${event.id}`);
    expect((await noticesOf(s.community.slug, s.member(2))).unread).toBe(0);
  });

  it("attendance points tell the member the level they reach, once, however the marks come and go", async () => {
    const s = await spaceCommunity({ members: 2 });
    const { deps } = tools();
    const event = await makeEvent(s.community, { inHours: 2 });
    await respond(deps, s.community, event, s.member(1), "going");
    await respond(deps, s.community, event, s.member(2), "going");
    devClock.advance(3 * HOUR);
    try {
      const ids = (await deps.db.query.eventRsvps.findMany({ where: (r, { eq }) => eq(r.eventId, event.id) })).sort((a, b) => a.seq - b.seq).map((r) => r.id);
      await markAttendance(deps, event, [ids[0]!]);
      expect((await pointsOf(s.community, s.member(1))).level).toBe(2);
      // Unmarked and marked again: the level drops and comes back, and is not announced twice.
      await markAttendance(deps, event, []);
      expect((await pointsOf(s.community, s.member(1))).level).toBe(1);
      await markAttendance(deps, event, [ids[0]!]);
    } finally {
      devClock.reset();
    }
    expect(await levelRows(s.community.id, s.member(1))).toHaveLength(1);
    expect(await levelRows(s.community.id, s.member(2))).toHaveLength(0);
    const told = await noticesOf(s.community.slug, s.member(1));
    expect(told.items).toEqual([expect.objectContaining({ kind: "level_up", text: "You reached Level 2 · Regular", space: "Honours" })]);
    expect(told.items[0]!.url).toMatch(/\/leaderboard$/);
  });

  it("a referral's points tell the referrer each level once: a replayed reward and a revoked one announce nothing more", async () => {
    const s = await spaceCommunity({ members: 1 });
    const { deps } = tools();
    const reward = (points: number, referralId: string) =>
      batchAll(deps.db, referralPointStatements(deps.db, { communityId: s.community.id, email: s.member(1), points, referralId, at: deps.now() }));
    await reward(20, "ref_one"); // 0 -> 20 points: level 3 at once
    await reward(20, "ref_one"); // a replay adds nothing
    expect((await pointsOf(s.community, s.member(1))).points).toBe(20);
    expect((await levelRows(s.community.id, s.member(1))).map((r) => r.level)).toEqual([3]);
    await reward(-20, "ref_one");
    await reward(20, "ref_two"); // back to level 3: already told
    expect((await levelRows(s.community.id, s.member(1))).map((r) => r.level)).toEqual([3]);
    await reward(45, "ref_three"); // 65 points: level 4
    expect((await levelRows(s.community.id, s.member(1))).map((r) => r.level).sort()).toEqual([3, 4]);
    const texts = (await noticesOf(s.community.slug, s.member(1))).items.map((n) => n.text);
    expect(texts.sort()).toEqual(["You reached Level 3 · Contributor", "You reached Level 4 · Helper"]);
  });
});
