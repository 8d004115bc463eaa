import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { events } from "../../drizzle";
import { devClock } from "../../src/dev/clock";
import { cancelEvent, CANCEL_PAGE, runEventCancelledJob, type EventCancelledJob } from "../../src/events/cancel";
import { respond } from "../../src/events/rsvp";
import { saveEventSettings } from "../../src/events/service";
import { call, payCheckout, postForm, postJson, signIn, tools } from "../helpers";
import { runCron } from "../jobs";
import { emailsTo, html, makeEvent, OWNER, refundsFor, rsvpOf, spaceCommunity } from "./helpers";

const HOUR = 3_600_000;

afterEach(() => devClock.reset());

/** A paid seat for `email`: answers going, then pays at the emulator's Checkout. */
async function buyTicket(slug: string, eventId: string, email: string): Promise<string> {
  const go = await postForm(`/c/${slug}/events/${eventId}/rsvp`, { response: "going" }, await signIn(email));
  await payCheckout(go.headers.get("location")!);
  const rsvp = await rsvpOf(eventId, email);
  expect(rsvp.status).toBe("going");
  return rsvp.paymentIntentId!;
}

const cancelPath = (slug: string, eventId: string) => `/api/v1/communities/${slug}/events/${eventId}/cancel`;

describe("cancelling a whole event", { timeout: 30_000 }, () => {
  it("tells everyone going or waiting once, refunds each ticket once, closes answers and stops reminders", async () => {
    const s = await spaceCommunity({ members: 4 });
    const event = await makeEvent(s.community, { capacity: 2, priceAmount: 1500, inHours: 30, title: "Harbour walk" });
    const slug = s.community.slug;
    const intents = [await buyTicket(slug, event.id, s.member(1)), await buyTicket(slug, event.id, s.member(2))];
    const { deps } = tools();
    await respond(deps, s.community, event, s.member(3), "going"); // the waitlist
    await respond(deps, s.community, event, s.member(4), "maybe");
    const owner = await signIn(OWNER);

    const res = await postJson(cancelPath(slug, event.id), { reason: "The harbour is closed for a regatta." }, owner);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cancelled: true, told: 3, refunded: 2, queued: false });
    for (const pi of intents) expect((await refundsFor(pi)).map((r) => r.amount)).toEqual([1500]);
    expect((await rsvpOf(event.id, s.member(1))).refundStatus).toBe("done");
    const paidMail = (await emailsTo(s.member(1), "event_cancelled"))[0]!;
    expect(paidMail.text).toContain("The harbour is closed for a regatta.");
    expect(paidMail.text).toContain("is refunded in full");
    const waitMail = await emailsTo(s.member(3), "event_cancelled");
    expect(waitMail).toHaveLength(1);
    expect(waitMail[0]!.text).not.toContain("refunded");
    expect(await emailsTo(s.member(4), "event_cancelled")).toHaveLength(0);
    const notices = (await (await call(`/api/v1/communities/${slug}/notifications`, { cookie: await signIn(s.member(3)) })).json()) as { items: { kind: string; text: string }[] };
    expect(notices.items).toEqual([expect.objectContaining({ kind: "event_cancelled", text: "“Harbour walk” was cancelled" })]);

    // Again, by the page's form and the API: nobody is told twice, no money moves twice.
    expect((await postForm(`/c/${slug}/events/${event.id}/cancel`, { confirm: "on" }, owner)).status).toBe(303);
    expect(await (await postJson(cancelPath(slug, event.id), {}, owner)).json()).toEqual({ cancelled: false, told: 0, refunded: 0, queued: false });
    for (const pi of intents) expect(await refundsFor(pi)).toHaveLength(1);
    for (const i of [1, 2, 3]) expect(await emailsTo(s.member(i), "event_cancelled")).toHaveLength(1);

    // Shown as cancelled everywhere; answers closed.
    const cookie = await signIn(s.member(4));
    const page = await (await call(`/c/${slug}/events/${event.id}`, { cookie, headers: html })).text();
    expect(page).toContain("This event is cancelled");
    expect(page).not.toContain('name="response"');
    expect(await (await call(`/c/${slug}/events`, { cookie, headers: html })).text()).toContain("Cancelled");
    expect(await (await call(`/c/${slug}/events/${event.id}/event.ics`, { cookie })).text()).toContain("STATUS:CANCELLED");
    const answer = await call(`/api/v1/communities/${slug}/events/${event.id}/rsvp`, { method: "PUT", cookie, headers: { "content-type": "application/json" }, body: JSON.stringify({ response: "going" }) });
    expect(answer.status).toBe(409);
    expect((await postForm(`/c/${slug}/events/${event.id}/rsvp`, { response: "going" }, cookie)).status).toBe(409);

    // The day-before reminder never goes out.
    devClock.advance(7 * HOUR);
    expect((await runCron(devClock.now())).eventReminders).toBe(0);
    for (const i of [1, 2]) expect(await emailsTo(s.member(i), "event_reminder_day")).toHaveLength(0);
  });

  it("two cancels at once tell each person once and refund once; a payment landing afterwards is returned", async () => {
    const s = await spaceCommunity({ members: 2 });
    const event = await makeEvent(s.community, { capacity: 5, priceAmount: 2500 });
    const slug = s.community.slug;
    const paid = await buyTicket(slug, event.id, s.member(1));
    // Member 2 holds a seat and is at Checkout when the event is cancelled.
    const hold = await postForm(`/c/${slug}/events/${event.id}/rsvp`, { response: "going" }, await signIn(s.member(2)));
    const owner = await signIn(OWNER);
    const both = await Promise.all([postJson(cancelPath(slug, event.id), {}, owner), postJson(cancelPath(slug, event.id), {}, owner)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const outcomes = (await Promise.all(both.map((r) => r.json()))) as { cancelled: boolean; told: number }[];
    expect(outcomes.filter((o) => o.cancelled)).toHaveLength(1);
    expect(outcomes.reduce((n, o) => n + o.told, 0)).toBe(2);
    expect(await refundsFor(paid)).toHaveLength(1);
    expect(await emailsTo(s.member(1), "event_cancelled")).toHaveLength(1);

    await payCheckout(hold.headers.get("location")!);
    const late = await rsvpOf(event.id, s.member(2));
    expect(late.status).toBe("unpaid");
    const { deps } = tools();
    const session = await deps.stripe.checkout.sessions.retrieve(late.checkoutSessionId!);
    expect((await refundsFor(session.payment_intent as string)).map((r) => r.amount)).toEqual([2500]);
  });

  it("only the host or staff cancel, before the start; bad input is a 400 naming the field and changes nothing", async () => {
    const s = await spaceCommunity({ members: 2 });
    const slug = s.community.slug;
    const event = await makeEvent(s.community);
    const member = await signIn(s.member(1));
    expect((await postJson(cancelPath(slug, event.id), {}, member)).status).toBe(403);
    expect((await postForm(`/c/${slug}/events/${event.id}/cancel`, { confirm: "on" }, member)).status).toBe(403);
    expect(await (await call(`/c/${slug}/events/${event.id}`, { cookie: member, headers: html })).text()).not.toContain("Cancel this event");

    const owner = await signIn(OWNER);
    const long = await postJson(cancelPath(slug, event.id), { reason: "x".repeat(501) }, owner);
    expect(long.status).toBe(400);
    expect(JSON.stringify(await long.json())).toContain('"reason"');
    const stray = await postJson(cancelPath(slug, event.id), { reason: "", refund: false }, owner);
    expect(stray.status).toBe(400);
    const unticked = await postForm(`/c/${slug}/events/${event.id}/cancel`, { reason: "Rain" }, owner);
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain("Tick the box to confirm the cancellation");
    expect((await postJson(cancelPath(slug, "evt_nope"), {}, owner)).status).toBe(404);
    const { deps } = tools();
    expect((await deps.db.query.events.findFirst({ where: eq(events.id, event.id) }))!.cancelledAt).toBeNull();

    // A member who hosts their own event (members may create them) cancels it.
    await saveEventSettings(deps, s.community.id, { membersCreate: true, attendancePoints: 5 });
    const theirs = await makeEvent(s.community, {}, s.member(2));
    expect((await postJson(cancelPath(slug, theirs.id), {}, await signIn(s.member(2)))).status).toBe(200);

    // Once it has started, it can no longer be cancelled.
    const soon = await makeEvent(s.community, { inHours: 1 });
    devClock.advance(2 * HOUR);
    expect((await postJson(cancelPath(slug, soon.id), {}, owner)).status).toBe(409);
  });

  it("a large event is told a page at a time: the request the first page, queued jobs the rest, each person once", async () => {
    const s = await spaceCommunity({ members: CANCEL_PAGE + 5 });
    const { deps } = tools();
    const event = await makeEvent(s.community, { title: "Town hall" });
    for (let i = 1; i <= CANCEL_PAGE + 5; i++) await respond(deps, s.community, event, s.member(i), i % 2 ? "going" : "maybe");
    for (let i = 2; i <= CANCEL_PAGE + 5; i += 2) await respond(deps, s.community, event, s.member(i), "going");
    const jobs: EventCancelledJob[] = [];
    const enqueue = async (js: EventCancelledJob[]) => void jobs.push(...js);
    const first = await cancelEvent(deps, enqueue, s.community, event, "Moved online");
    expect(first).toEqual({ cancelled: true, told: CANCEL_PAGE, refunded: 0, queued: true });
    expect(jobs).toHaveLength(1);
    const rest = await runEventCancelledJob(deps, jobs[0]!, enqueue);
    expect(rest).toBe(5);
    expect(jobs).toHaveLength(1); // the last page queues nothing more
    expect(await runEventCancelledJob(deps, jobs[0]!, enqueue)).toBe(0); // redelivered: nobody twice
    for (const i of [1, 2, CANCEL_PAGE + 5]) expect(await emailsTo(s.member(i), "event_cancelled")).toHaveLength(1);
  });
});
