import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eventRsvps } from "../../drizzle";
import { devClock } from "../../src/dev/clock";
import { settleTicket } from "../../src/events/tickets";
import { call, payCheckout, postForm, signIn, tools } from "../helpers";
import { makeEvent, refundsFor, rsvpOf, spaceCommunity } from "./helpers";

describe("paid tickets through Stripe Checkout", () => {
  it("the server's price is charged once; a replayed completion changes nothing; cancelling a day ahead refunds once", async () => {
    const s = await spaceCommunity({ members: 2 });
    const event = await makeEvent(s.community, { capacity: 5, priceAmount: 1500, inHours: 72 });
    const cookie = await signIn(s.member1);
    const go = await postForm(`/c/${s.community.slug}/events/${event.id}/rsvp`, { response: "going", priceAmount: "1" }, cookie);
    expect(go.status).toBe(303);
    const checkoutUrl = go.headers.get("location")!;
    expect(checkoutUrl).toContain("/checkout/");
    const held = await rsvpOf(event.id, s.member1);
    expect(held.status).toBe("unpaid");
    // Until paid, the address stays hidden.
    expect(await (await call(`/c/${s.community.slug}/events/${event.id}`, { cookie, headers: { accept: "text/html" } })).text()).not.toContain("Torstraße");

    await payCheckout(checkoutUrl);
    const paid = await rsvpOf(event.id, s.member1);
    expect(paid.status).toBe("going");
    expect(paid.paidAmount).toBe(1500);
    const { deps } = tools();
    const intent = await deps.stripe.paymentIntents.retrieve(paid.paymentIntentId!);
    expect(intent.amount).toBe(1500);
    expect(intent.status).toBe("succeeded");
    // A replayed completion: no second seat, no refund.
    const session = await deps.stripe.checkout.sessions.retrieve(paid.checkoutSessionId!);
    await settleTicket(deps, session);
    expect(await refundsFor(intent.id)).toHaveLength(0);
    expect(await (await call(`/c/${s.community.slug}/events/${event.id}`, { cookie, headers: { accept: "text/html" } })).text()).toContain("Torstraße");

    // Cancelling 72 hours ahead (rule: at least 24 hours) refunds in full, once.
    const cancel = await call(`/api/v1/communities/${s.community.slug}/events/${event.id}/rsvp`, { method: "DELETE", cookie });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toMatchObject({ status: "not_going", refunded: true });
    const again = await call(`/api/v1/communities/${s.community.slug}/events/${event.id}/rsvp`, { method: "DELETE", cookie });
    expect(await again.json()).toMatchObject({ refunded: false });
    const refunds = await refundsFor(intent.id);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(1500);
    expect((await rsvpOf(event.id, s.member1)).refundStatus).toBe("done");
  });

  it("cancelling within 24 hours of the start is not refunded", async () => {
    const s = await spaceCommunity({ members: 1 });
    const event = await makeEvent(s.community, { priceAmount: 900, inHours: 30 });
    const cookie = await signIn(s.member1);
    const go = await postForm(`/c/${s.community.slug}/events/${event.id}/rsvp`, { response: "going" }, cookie);
    await payCheckout(go.headers.get("location")!);
    const paid = await rsvpOf(event.id, s.member1);
    expect(paid.status).toBe("going");
    devClock.advance(10 * 3_600_000);
    try {
      const cancel = await postForm(`/c/${s.community.slug}/events/${event.id}/rsvp`, { response: "not_going" }, cookie);
      expect(cancel.headers.get("location")).toContain("done=not_going");
    } finally {
      devClock.reset();
    }
    expect(await refundsFor(paid.paymentIntentId!)).toHaveLength(0);
    expect((await rsvpOf(event.id, s.member1)).refundStatus).toBeNull();
  });

  it("a payment arriving after its hold lapsed and the seat went to someone else is refunded, and seats no one", async () => {
    const s = await spaceCommunity({ members: 2 });
    const event = await makeEvent(s.community, { capacity: 1, priceAmount: 2000 });
    const a = await signIn(s.member(1));
    const b = await signIn(s.member(2));
    const goA = await postForm(`/c/${s.community.slug}/events/${event.id}/rsvp`, { response: "going" }, a);
    const { deps } = tools();
    // A's hold lapses before they pay; B takes the seat.
    await deps.db.update(eventRsvps).set({ holdUntil: new Date(deps.now().getTime() - 1000) }).where(and(eq(eventRsvps.eventId, event.id), eq(eventRsvps.email, s.member(1))));
    const goB = await postForm(`/c/${s.community.slug}/events/${event.id}/rsvp`, { response: "going" }, b);
    expect(goB.headers.get("location")).toContain("/checkout/");
    await payCheckout(goA.headers.get("location")!);
    const lateA = await rsvpOf(event.id, s.member(1));
    expect(lateA.status).toBe("unpaid");
    const sessionA = await deps.stripe.checkout.sessions.retrieve(lateA.checkoutSessionId!);
    const refunds = await refundsFor(sessionA.payment_intent as string);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.amount).toBe(2000);
    await payCheckout(goB.headers.get("location")!);
    expect((await rsvpOf(event.id, s.member(2))).status).toBe("going");
  });
});
