import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { eventRsvps, events, type Community, type Event } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { batchAll } from "../lib/db";
import { accessForMany, type Access } from "../memberships/access";
import { eventNoticeStatements } from "../notifications/notices";
import { cancelledEmail } from "./emails";
import { eventRights } from "./rights";
import { performTicketRefund } from "./tickets";

/**
 * Cancelling a whole event, by its host or staff, before it starts. One batch marks it cancelled
 * (the first call; a repeat or a concurrent one finds it so) and claims the refund of every paid
 * seat (`refund_status` pending: the same claim a member's own cancellation makes, so a seat is
 * never refunded by both). Then everyone who held, was paying for or was waiting for a seat and
 * may still see the event is told in-app and by email: the notice's insert, unique per person and
 * event, is the email's claim, so a repeat tells nobody twice. Last, the pending refunds are made
 * at Stripe with the ticket refund's key (`event-refund:<payment intent>`), so a repeat, a race or
 * the cron's retry moves no money twice. Answers stay as they were (the page still shows who was
 * going); answers, payments, promotions and reminders all stop on `cancelled_at`.
 */

export interface CancelOutcome {
  /** False when the event was already cancelled (by this call's twin, or earlier). */
  cancelled: boolean;
  told: number;
  refunded: number;
}

const SEATED = ["going", "unpaid", "waitlisted"] as const;

export async function cancelEvent(deps: Deps, community: Community, event: Event, reason = ""): Promise<CancelOutcome> {
  const now = deps.now();
  if (!event.cancelledAt && event.startsAt <= now) throw AppError.conflict("This event has started: it can no longer be cancelled");
  const { db } = deps;
  const ofEvent = eq(eventRsvps.eventId, event.id);
  const [claimed, , answered, pending] = await db.batch([
    db.update(events).set({ cancelledAt: now, updatedAt: now }).where(and(eq(events.id, event.id), isNull(events.cancelledAt))).returning({ id: events.id }),
    db
      .update(eventRsvps)
      .set({ refundStatus: "pending", updatedAt: now })
      .where(and(ofEvent, eq(eventRsvps.status, "going"), sql`${eventRsvps.paidAmount} > 0`, isNull(eventRsvps.refundStatus), isNotNull(eventRsvps.paymentIntentId))),
    db.select({ email: eventRsvps.email, paidAmount: eventRsvps.paidAmount, status: eventRsvps.status }).from(eventRsvps).where(and(ofEvent, inArray(eventRsvps.status, SEATED))),
    db.select({ id: eventRsvps.id }).from(eventRsvps).where(and(ofEvent, eq(eventRsvps.refundStatus, "pending"))),
  ]);
  const cancelled = { ...event, cancelledAt: event.cancelledAt ?? now };
  // Access is read for the same rows by subquery: one bound value however many answered.
  const seatedEmails = db.select({ email: eventRsvps.email }).from(eventRsvps).where(and(ofEvent, inArray(eventRsvps.status, SEATED)));
  const told = answered.length ? await tellCancelled(deps, community, cancelled, answered, await accessForMany(deps, community, seatedEmails, now), reason) : 0;
  for (const r of pending) await performTicketRefund(deps, r.id);
  return { cancelled: claimed.length > 0, told, refunded: pending.length };
}

/** Notices and emails, once per person (the notice's insert claims the email). */
async function tellCancelled(deps: Deps, community: Community, event: Event, answered: { email: string; paidAmount: number; status: string }[], access: (email: string) => Access, reason: string): Promise<number> {
  const told = answered.filter((a) => eventRights(access(a.email), event).see);
  const written = (await batchAll(deps.db, eventNoticeStatements(deps.db, event, "event_cancelled", told.map((a) => a.email), deps.now()))).flat();
  const paid = new Set(told.filter((a) => a.status === "going" && a.paidAmount > 0).map((a) => a.email));
  for (const { email } of written) await deps.mailer.send(cancelledEmail(deps.config, community, event, email, { refunded: paid.has(email), reason }));
  return written.length;
}
