import { describe, expect, it } from "vitest";
import { call, postForm, signIn, tools } from "../helpers";
import { emailsTo, errorMessage, html, makeEvent, rsvpsOf, spaceCommunity } from "./helpers";
import { respond } from "../../src/events/rsvp";

describe("seats, waitlist and promotion", () => {
  it("admits exactly the capacity under concurrent RSVPs and keeps the waitlist in order", async () => {
    const s = await spaceCommunity({ members: 12 });
    const event = await makeEvent(s.community, { capacity: 5 });
    const { deps } = tools();
    const people = Array.from({ length: 12 }, (_, i) => s.member(i + 1));
    const outcomes = await Promise.all(people.map((p) => respond(deps, s.community, event, p, "going")));
    const rows = await rsvpsOf(event.id);
    expect(rows.filter((r) => r.status === "going")).toHaveLength(5);
    expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(7);
    expect(outcomes.filter((o) => o.rsvp?.status === "going")).toHaveLength(5);
    // Waitlist order is order of arrival: seq strictly increasing, no two the same.
    const seqs = rows.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(12);
    const firstWaiting = rows.filter((r) => r.status === "waitlisted").sort((a, b) => a.seq - b.seq)[0]!;

    // One cancellation promotes exactly one: the first in line, who is told by email.
    const leaver = rows.find((r) => r.status === "going")!;
    await respond(deps, s.community, event, leaver.email, "not_going");
    const after = await rsvpsOf(event.id);
    expect(after.filter((r) => r.status === "going")).toHaveLength(5);
    expect(after.find((r) => r.email === firstWaiting.email)!.status).toBe("going");
    expect(after.filter((r) => r.status === "waitlisted")).toHaveLength(6);
    const mail = await emailsTo(firstWaiting.email, "event_promoted");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain("Torstraße 1");
    // Saying going again while going changes nothing; the leaver rejoins at the end of the line.
    await respond(deps, s.community, event, firstWaiting.email, "going");
    const back = await respond(deps, s.community, event, leaver.email, "going");
    expect(back.rsvp!.status).toBe("waitlisted");
    expect(back.rsvp!.seq).toBe(Math.max(...after.map((r) => r.seq)) + 1);
  });

  it("concurrent cancellations and RSVPs through the worker never seat more than the capacity", async () => {
    const s = await spaceCommunity({ members: 8 });
    const event = await makeEvent(s.community, { capacity: 3 });
    const cookies = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn(s.member(i + 1))));
    const answers = await Promise.all(cookies.map((cookie) => postForm(`/c/${s.community.slug}/events/${event.id}/rsvp`, { response: "going" }, cookie)));
    expect(answers.every((r) => r.status === 303)).toBe(true);
    const rows = await rsvpsOf(event.id);
    const seated = rows.filter((r) => r.status === "going").map((r) => r.email);
    expect(seated).toHaveLength(3);
    const cancels = seated.slice(0, 2).map((email) => postForm(`/c/${s.community.slug}/events/${event.id}/rsvp`, { response: "not_going" }, cookies[Number(email.match(/m0*(\d+)@/)![1]) - 1]));
    const late = postForm(`/c/${s.community.slug}/events/${event.id}/rsvp`, { response: "going" }, cookies[0]);
    await Promise.all([...cancels, late]);
    const after = await rsvpsOf(event.id);
    expect(after.filter((r) => r.status === "going")).toHaveLength(3);
    const page = await call(`/c/${s.community.slug}/events/${event.id}`, { cookie: cookies[7], headers: html });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("3 of 3 seats taken");
  });

  it("refuses a full event without a waitlist, a started event, and someone outside the community", async () => {
    const s = await spaceCommunity({ members: 3 });
    const full = await makeEvent(s.community, { capacity: 1, waitlist: false });
    const a = await signIn(s.member(1));
    const b = await signIn(s.member(2));
    expect((await postForm(`/c/${s.community.slug}/events/${full.id}/rsvp`, { response: "going" }, a)).status).toBe(303);
    const refused = await postForm(`/c/${s.community.slug}/events/${full.id}/rsvp`, { response: "going" }, b);
    expect(refused.status).toBe(409);
    expect(await errorMessage(refused)).toContain("full");

    const { deps } = tools();
    const soon = await makeEvent(s.community, { inHours: 1 });
    const { devClock } = await import("../../src/dev/clock");
    devClock.advance(2 * 3_600_000);
    try {
      const past = await postForm(`/c/${s.community.slug}/events/${soon.id}/rsvp`, { response: "going" }, b);
      expect(past.status).toBe(409);
      expect(await errorMessage(past)).toContain("started");
    } finally {
      devClock.reset();
    }
    const stranger = await signIn("stranger@example.com");
    const out = await postForm(`/c/${s.community.slug}/events/${full.id}/rsvp`, { response: "going" }, stranger);
    expect(out.status).toBe(403);
    const bad = await postForm(`/c/${s.community.slug}/events/${full.id}/rsvp`, { response: "yes please" }, b);
    expect(bad.status).toBe(400);
    expect(await rsvpsOf(soon.id)).toHaveLength(0);
    void deps;
  });
});
