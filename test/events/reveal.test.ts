import { describe, expect, it } from "vitest";
import { respond } from "../../src/events/rsvp";
import { call, signIn, tools } from "../helpers";
import { runCron } from "../jobs";
import { devClock } from "../../src/dev/clock";
import { emailsTo, html, makeEvent, OWNER, spaceCommunity } from "./helpers";

const ADDRESS = "Torstraße 1, 10119";
const LINK = "https://meet.example.com/secret-room";

/** Every exit a member reads an event through: the page, the API, the .ics, the private feed. */
async function exits(slug: string, eventId: string, cookie: string) {
  const page = await (await call(`/c/${slug}/events/${eventId}`, { cookie, headers: html })).text();
  const api = await (await call(`/api/v1/communities/${slug}/events/${eventId}`, { cookie })).text();
  const list = await (await call(`/api/v1/communities/${slug}/events`, { cookie })).text();
  const ics = await (await call(`/c/${slug}/events/${eventId}/event.ics`, { cookie })).text();
  const eventsPage = await (await call(`/c/${slug}/events`, { cookie, headers: html })).text();
  const feedUrl = /value="(http[^"]+\.ics)"/.exec(eventsPage)![1]!;
  const feed = await (await call(new URL(feedUrl).pathname)).text();
  return { page, api, list, ics, feed, all: [page, api, list, ics, feed].join("\n") };
}

describe("the whereabouts go to people holding a seat only", () => {
  it("in person: the address shows to the attendee and host, never to a waitlisted, maybe or gated-out member", async () => {
    const s = await spaceCommunity({ members: 4 });
    const event = await makeEvent(s.community, { capacity: 1 });
    const { deps } = tools();
    await respond(deps, s.community, event, s.member(1), "going");
    await respond(deps, s.community, event, s.member(2), "going"); // waitlisted
    await respond(deps, s.community, event, s.member(3), "maybe");

    const going = await exits(s.community.slug, event.id, await signIn(s.member(1)));
    for (const [name, text] of Object.entries({ page: going.page, api: going.api, list: going.list, feed: going.feed })) expect(text, name).toContain("Torstraße 1");
    expect(going.ics).toContain("LOCATION:Torstraße 1\\, 10119\\, Berlin");
    const host = await exits(s.community.slug, event.id, await signIn(OWNER));
    expect(host.page).toContain(ADDRESS);

    for (const who of [s.member(2), s.member(3), s.member(4)]) {
      const seen = await exits(s.community.slug, event.id, await signIn(who));
      expect(seen.all, who).not.toContain("Torstraße");
      expect(seen.page).toContain("In Berlin");
      expect(seen.ics).toContain("LOCATION:Berlin");
    }
    // The promotion email carries the address only to the one who got the seat.
    await respond(deps, s.community, event, s.member(1), "not_going");
    expect((await emailsTo(s.member(2), "event_promoted"))[0]!.text).toContain("Torstraße 1");
    const member1 = await exits(s.community.slug, event.id, await signIn(s.member(1)));
    expect(member1.all).not.toContain("Torstraße");
  });

  it("online: the link shows in the reminder to attendees only, and not to a member outside the tier gate", async () => {
    const s = await spaceCommunity({ members: 2, core: 1 });
    const open = await makeEvent(s.community, { kind: "online", link: LINK, city: "", address: "", inHours: 20 });
    const gated = await makeEvent(s.community, { kind: "online", link: `${LINK}-core`, city: "", address: "", tierId: s.tiers.core.id, inHours: 30 });
    const { deps } = tools();
    await respond(deps, s.community, open, s.member(1), "going");
    await respond(deps, s.community, open, s.member(2), "maybe");
    await respond(deps, s.community, gated, s.coreMember(1), "going");

    const member = await signIn(s.member(2));
    const seen = await exits(s.community.slug, open.id, member);
    expect(seen.all).not.toContain("secret-room");
    expect(seen.ics).toContain("LOCATION:Online");
    // A Member-tier member does not see the Core-only event at all, on any exit.
    expect((await call(`/c/${s.community.slug}/events/${gated.id}`, { cookie: member, headers: html })).status).toBe(404);
    expect((await call(`/api/v1/communities/${s.community.slug}/events/${gated.id}`, { cookie: member })).status).toBe(404);
    expect((await call(`/c/${s.community.slug}/events/${gated.id}/event.ics`, { cookie: member })).status).toBe(404);
    expect(seen.feed).not.toContain(gated.id);
    const core = await exits(s.community.slug, gated.id, await signIn(s.coreMember(1)));
    expect(core.ics).toContain("secret-room-core");
    expect(core.feed).toContain(gated.id);

    await runCron(deps.now());
    const reminder = await emailsTo(s.member(1), "event_reminder_day");
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.text).toContain(LINK);
    expect(await emailsTo(s.member(2), "event_reminder_day")).toHaveLength(0);
    devClock.reset();
  });

  it("a reset calendar feed URL stops working; a stranger gets 403 on the pages and a 404 for a made-up feed", async () => {
    const s = await spaceCommunity({ members: 1 });
    await makeEvent(s.community);
    const cookie = await signIn(s.member1);
    const first = /value="(http[^"]+\.ics)"/.exec(await (await call(`/c/${s.community.slug}/events`, { cookie, headers: html })).text())![1]!;
    expect((await call(new URL(first).pathname)).status).toBe(200);
    const reset = await call(`/c/${s.community.slug}/events/feed-token`, { method: "POST", cookie });
    expect(reset.status).toBe(303);
    expect((await call(new URL(first).pathname)).status).toBe(404);
    const second = /value="(http[^"]+\.ics)"/.exec(await (await call(`/c/${s.community.slug}/events`, { cookie, headers: html })).text())![1]!;
    expect(second).not.toBe(first);
    expect((await call(new URL(second).pathname)).status).toBe(200);
    expect((await call(`/c/${s.community.slug}/calendar/${"a".repeat(32)}.ics`)).status).toBe(404);
    const stranger = await signIn("nobody@example.com");
    expect((await call(`/c/${s.community.slug}/events`, { cookie: stranger, headers: html })).status).toBe(403);
  });
});
