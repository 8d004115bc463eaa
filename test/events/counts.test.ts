import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, signIn, tools } from "../helpers";
import { respond } from "../../src/events/rsvp";
import { makeEvent, spaceCommunity } from "./helpers";

/**
 * The event page, the lists and the seat check read a crowd's size from `event_rsvp_counts`, which
 * triggers on `event_rsvps` keep (migrations/0031_event_rsvp_counts.sql). Every write path (an
 * RSVP, a change of answer, a promotion from the waitlist, bulk SQL, a delete, the event's
 * cascade) must leave it equal to counting the RSVPs themselves.
 */

async function countsOf(eventId: string) {
  const kept = await env.DB.prepare("SELECT status, n FROM event_rsvp_counts WHERE event_id = ? AND n > 0 ORDER BY status").bind(eventId).all();
  const counted = await env.DB.prepare("SELECT status, count(*) AS n FROM event_rsvps WHERE event_id = ? GROUP BY status ORDER BY status").bind(eventId).all();
  return { kept: kept.results, counted: counted.results };
}

describe("event RSVP counts", () => {
  it("stay equal to counting the RSVPs through answers, promotions, bulk SQL, deletes and the event's cascade", async () => {
    const s = await spaceCommunity({ members: 10 });
    const event = await makeEvent(s.community, { capacity: 4 });
    const { deps } = tools();
    const people = Array.from({ length: 10 }, (_, i) => s.member(i + 1));
    await Promise.all(people.map((p) => respond(deps, s.community, event, p, "going")));
    expect((await countsOf(event.id)).kept).toEqual([
      { status: "going", n: 4 },
      { status: "waitlisted", n: 6 },
    ]);

    // Two leave (each promotes the first in line), one changes to maybe, one answers again.
    await respond(deps, s.community, event, people[0]!, "not_going");
    await respond(deps, s.community, event, people[1]!, "not_going");
    await respond(deps, s.community, event, people[9]!, "maybe");
    await respond(deps, s.community, event, people[2]!, "going");
    let now = await countsOf(event.id);
    expect(now.kept).toEqual(now.counted);
    expect(now.kept).toContainEqual({ status: "going", n: 4 });
    // The event list reads its going count from the kept counts.
    const listed = await call(`/api/v1/communities/${s.community.slug}/events`, { cookie: await signIn(people[5]!) });
    const item = ((await listed.json()) as { events: { id: string; going: number }[] }).events.find((e) => e.id === event.id);
    expect(item?.going).toBe(4);

    // Bulk SQL and deletes outside the service: the triggers still count them.
    await env.DB.prepare("UPDATE event_rsvps SET status = 'maybe' WHERE event_id = ? AND status = 'waitlisted'").bind(event.id).run();
    await env.DB.prepare("UPDATE event_rsvps SET status = status, updated_at = updated_at + 1 WHERE event_id = ?").bind(event.id).run();
    await env.DB.prepare("DELETE FROM event_rsvps WHERE event_id = ? AND status = 'not_going'").bind(event.id).run();
    now = await countsOf(event.id);
    expect(now.kept).toEqual(now.counted);
    expect(now.kept).toEqual([
      { status: "going", n: 4 },
      { status: "maybe", n: 4 },
    ]);

    // Deleting the event takes its counts with it.
    await env.DB.prepare("DELETE FROM events WHERE id = ?").bind(event.id).run();
    expect(await env.DB.prepare("SELECT count(*) AS n FROM event_rsvp_counts WHERE event_id = ?").bind(event.id).first("n")).toBe(0);
  });
});
