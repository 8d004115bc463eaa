import { and, asc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { communities, eventRsvps, events, type Community, type Event, type EventRsvp } from "../../drizzle";
import type { HandlerMap } from "../billing/webhooks";
import { currentSessionOf } from "../billing/event-objects";
import type { Deps } from "../env";
import { CRON_BATCH } from "../lib/db";
import { AppError } from "../lib/errors";
import { eventPath } from "./emails";
import { tellPromoted } from "./rsvp";
import { CHECKOUT_HOLD_MS, promoteStatement, seatsTakenSql } from "./seats";

/**
 * Paid tickets, with the money rules of application fees: the price is the event's, set by the
 * host on the server; every Stripe create carries an idempotency key; webhooks only say "look
 * again" (the session is re-read from Stripe); a payment that finds no seat (its hold lapsed and
 * the seat went to someone else) is refunded at once, with a key derived from the payment, so it
 * is refunded once. Refunds on cancellation follow REFUND_WINDOW_MS (rsvp.ts).
 */

/** Just over the 30 minutes Stripe allows at least; the seat's hold outlasts it by a little. */
const CHECKOUT_TTL_MS = CHECKOUT_HOLD_MS - 60_000;

/** The URL where the member pays for the seat held for them; an open session is reused. */
export async function ticketCheckoutUrl(deps: Deps, community: Community, event: Event, rsvp: EventRsvp): Promise<string> {
  const now = deps.now();
  if (rsvp.status !== "unpaid" || !rsvp.holdUntil || rsvp.holdUntil <= now) throw AppError.conflict("No seat is held for you to pay for");
  if (rsvp.checkoutSessionId) {
    const current = await deps.stripe.checkout.sessions.retrieve(rsvp.checkoutSessionId);
    if (current.status === "open" && current.url) return current.url;
  }
  const attempt = rsvp.checkoutAttempts + 1;
  const back = deps.config.appUrl + eventPath(community, event);
  const metadata = { event_rsvp_id: rsvp.id, event_id: event.id, community_id: community.id };
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: event.currency, unit_amount: event.priceAmount, product_data: { name: `Ticket: ${event.title}` } } }],
      customer_email: rsvp.email,
      client_reference_id: rsvp.id,
      metadata,
      payment_intent_data: { metadata, description: `Ticket: ${event.title} (${community.name})` },
      success_url: `${back}?checkout=success`,
      cancel_url: `${back}?checkout=cancelled`,
      expires_at: Math.floor((now.getTime() + CHECKOUT_TTL_MS) / 1000),
    },
    { idempotencyKey: `threshold:event-checkout:${rsvp.id}:${attempt}` },
  );
  await deps.db
    .update(eventRsvps)
    .set({ checkoutSessionId: session.id, checkoutAttempts: attempt, updatedAt: now })
    .where(and(eq(eventRsvps.id, rsvp.id), eq(eventRsvps.checkoutAttempts, rsvp.checkoutAttempts)));
  if (!session.url) throw new AppError(502, "stripe_error", "Stripe did not return a checkout URL");
  return session.url;
}

const intentOf = (s: Stripe.Checkout.Session) => (typeof s.payment_intent === "string" ? s.payment_intent : (s.payment_intent?.id ?? null));

/**
 * A paid session: the seat becomes the member's if it is still held for them, or free. The write
 * is conditional, so a replay or a second delivery changes nothing; a payment that got no seat is
 * returned.
 */
export async function settleTicket(deps: Deps, session: Stripe.Checkout.Session): Promise<void> {
  const rsvpId = session.metadata?.event_rsvp_id;
  const intentId = intentOf(session);
  if (!rsvpId || session.status !== "complete" || session.payment_status !== "paid" || !intentId) return;
  const rsvp = await deps.db.query.eventRsvps.findFirst({ where: eq(eventRsvps.id, rsvpId) });
  if (!rsvp || rsvp.paymentIntentId === intentId) return;
  const event = await deps.db.query.events.findFirst({ where: eq(events.id, rsvp.eventId) });
  if (!event) return;
  const now = deps.now();
  const seat = event.capacity == null ? sql`1` : sql`${seatsTakenSql(event.id, now)} < ${event.capacity}`;
  const won = await deps.db
    .update(eventRsvps)
    .set({ status: "going", paymentIntentId: intentId, paidAmount: session.amount_total ?? event.priceAmount, holdUntil: null, updatedAt: now })
    .where(
      and(
        eq(eventRsvps.id, rsvp.id),
        isNull(eventRsvps.paymentIntentId),
        eq(eventRsvps.status, "unpaid"),
        sql`(${eventRsvps.holdUntil} > ${now.getTime()} or ${seat})`,
        // A payment landing after the event was cancelled seats nobody: it is refunded below.
        sql`(select ${events.cancelledAt} from ${events} where ${events.id} = ${event.id}) is null`,
      ),
    )
    .returning({ id: eventRsvps.id });
  if (won.length) return;
  // No seat for this payment (or a second payment for one seat): nobody pays for nothing.
  await deps.stripe.refunds.create({ payment_intent: intentId, reason: "requested_by_customer", metadata: { event_rsvp_id: rsvp.id } }, { idempotencyKey: `threshold:event-ticket-unseated:${intentId}` });
}

/** Performs a refund claimed by a cancellation (rsvp.ts); the key makes a retry move no money twice. */
export async function performTicketRefund(deps: Deps, rsvpId: string): Promise<void> {
  const rsvp = await deps.db.query.eventRsvps.findFirst({ where: eq(eventRsvps.id, rsvpId) });
  if (!rsvp || rsvp.refundStatus !== "pending" || !rsvp.paymentIntentId) return;
  try {
    const refund = await deps.stripe.refunds.create(
      { payment_intent: rsvp.paymentIntentId, reason: "requested_by_customer", metadata: { event_rsvp_id: rsvp.id } },
      { idempotencyKey: `threshold:event-refund:${rsvp.paymentIntentId}` },
    );
    await deps.db.update(eventRsvps).set({ refundStatus: "done", refundId: refund.id, updatedAt: deps.now() }).where(and(eq(eventRsvps.id, rsvp.id), eq(eventRsvps.refundStatus, "pending")));
  } catch (err) {
    // Left pending: the cron tries again (retryTicketRefunds) with the same key.
    console.error("ticket refund failed", rsvp.id, err instanceof Error ? err.message : err);
  }
}

/**
 * The cron's part: refunds left pending by a failed call, and seats whose hold lapsed unpaid,
 * which go back to the waitlist's next person (told by email).
 */
export async function releaseLapsedHolds(deps: Deps): Promise<number> {
  const now = deps.now();
  const lapsed = await deps.db
    .select({ id: eventRsvps.id, eventId: eventRsvps.eventId })
    .from(eventRsvps)
    .where(and(eq(eventRsvps.status, "unpaid"), lte(eventRsvps.holdUntil, now)))
    .orderBy(asc(eventRsvps.holdUntil))
    .limit(CRON_BATCH);
  const pending = await deps.db.select({ id: eventRsvps.id }).from(eventRsvps).where(eq(eventRsvps.refundStatus, "pending")).limit(CRON_BATCH);
  for (const r of pending) await performTicketRefund(deps, r.id);
  const byEvent = [...new Set(lapsed.map((r) => r.eventId))];
  for (const eventId of byEvent) {
    const [event] = await deps.db.select().from(events).where(eq(events.id, eventId)).limit(1);
    const [community] = await deps.db.select().from(communities).where(eq(communities.id, event!.communityId)).limit(1);
    const ids = lapsed.filter((r) => r.eventId === eventId).map((r) => r.id);
    const release = deps.db
      .update(eventRsvps)
      .set({ status: "not_going", holdUntil: null, updatedAt: now })
      .where(and(inArray(eventRsvps.id, ids), eq(eventRsvps.status, "unpaid"), lte(eventRsvps.holdUntil, now)));
    // Nobody is promoted into an event that has started or was cancelled.
    if (event!.startsAt <= now || event!.cancelledAt) {
      await release;
      continue;
    }
    const [, promoted] = await deps.db.batch([release, promoteStatement(deps.db, event!, now)]);
    await tellPromoted(deps, community!, event!, promoted);
  }
  return lapsed.length + pending.length;
}

async function onTicketCheckout(deps: Deps, event: Stripe.Event) {
  const session = await currentSessionOf(deps, event);
  if (session.mode === "payment" && session.metadata?.event_rsvp_id) await settleTicket(deps, session);
}

export const ticketHandlers: HandlerMap = {
  "checkout.session.completed": onTicketCheckout,
  "checkout.session.async_payment_succeeded": onTicketCheckout,
};
