import { and, eq, sql } from "drizzle-orm";
import { eventRsvps, type Community, type Event, type EventRsvp } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { batchAll } from "../lib/db";
import { newId } from "../lib/ids";
import { eventNoticeStatements } from "../notifications/notices";
import { promotedEmail } from "./emails";
import type { EventRights } from "./rights";
import type { RsvpResponse } from "./schemas";
import { admitStatement, promoteStatement } from "./seats";

/**
 * Refund rule for paid tickets: cancelling at least 24 hours before the start refunds the ticket
 * in full; later cancellations are not refunded (the seat was kept for them). A host cancelling
 * the whole event refunds every paid seat (cancel.ts).
 */
export const REFUND_WINDOW_MS = 24 * 3_600_000;

export function refundable(event: Pick<Event, "startsAt">, at: Date): boolean {
  return at.getTime() <= event.startsAt.getTime() - REFUND_WINDOW_MS;
}

export interface RsvpOutcome {
  rsvp: EventRsvp | null;
  /** A refund was claimed by this answer (the caller performs it at Stripe). */
  refundClaimed: boolean;
}

/** The one place answers are checked before they reach the seats. */
export function refuseRsvp(event: Event, rights: EventRights, access: { role: string }, now: Date): void {
  if (!rights.see) throw AppError.notFound("Event");
  if (access.role === "none") throw AppError.forbidden("Only members can answer");
  if (event.cancelledAt) throw AppError.conflict("This event is cancelled: answers are closed");
  if (event.startsAt <= now) throw AppError.conflict("This event has already started: answers are closed");
}

/**
 * A member's answer. "Going" is admitted in SQL (admitStatement); leaving a seat (maybe, not
 * going) frees it and the same batch promotes the next on the waitlist, who is told by email.
 * A paid ticket given up within the refund rule claims its refund in that batch too.
 */
export async function respond(deps: Deps, community: Community, event: Event, email: string, response: RsvpResponse): Promise<RsvpOutcome> {
  const who = email.toLowerCase();
  const now = deps.now();
  const key = and(eq(eventRsvps.eventId, event.id), eq(eventRsvps.email, who));
  const current = deps.db.select().from(eventRsvps).where(key).limit(1);
  if (response === "going") {
    const [, rows] = await deps.db.batch([admitStatement(deps.db, event, who, now), current]);
    const rsvp = rows[0] ?? null;
    const holds = rsvp && (rsvp.status === "going" || rsvp.status === "waitlisted" || (rsvp.status === "unpaid" && rsvp.holdUntil! > now));
    if (!holds) throw AppError.conflict("This event is full");
    return { rsvp, refundClaimed: false };
  }
  const claimRefund = refundable(event, now)
    ? deps.db
        .update(eventRsvps)
        .set({ refundStatus: "pending", updatedAt: now })
        .where(and(key, eq(eventRsvps.status, "going"), sql`${eventRsvps.paidAmount} > 0 and ${eventRsvps.refundStatus} is null and ${eventRsvps.paymentIntentId} is not null`))
        .returning({ id: eventRsvps.id })
    : deps.db.select({ id: eventRsvps.id }).from(eventRsvps).where(sql`0`);
  const [claimed, , promoted, rows] = await deps.db.batch([
    claimRefund,
    deps.db
      .insert(eventRsvps)
      .values({ id: newId("rsv"), eventId: event.id, communityId: event.communityId, email: who, status: response, seq: 0, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [eventRsvps.eventId, eventRsvps.email], set: { status: response, holdUntil: null, updatedAt: now } }),
    promoteStatement(deps.db, event, now),
    current,
  ]);
  await tellPromoted(deps, community, event, promoted);
  return { rsvp: rows[0] ?? null, refundClaimed: claimed.length > 0 };
}

/**
 * Tells each person who just got a seat (or, at a paid event, a seat held for them to pay for):
 * an in-app notice beside their replies and mentions, and an email.
 */
export async function tellPromoted(deps: Deps, community: Community, event: Event, promoted: { email: string; status: string }[]): Promise<void> {
  if (!promoted.length) return;
  await batchAll(deps.db, eventNoticeStatements(deps.db, event, "event_promoted", promoted.map((p) => p.email), deps.now()));
  for (const p of promoted) await deps.mailer.send(promotedEmail(deps.config, community, event, p.email, p.status === "unpaid"));
}

export async function getRsvp(deps: Pick<Deps, "db">, eventId: string, email: string): Promise<EventRsvp | null> {
  return (await deps.db.query.eventRsvps.findFirst({ where: and(eq(eventRsvps.eventId, eventId), eq(eventRsvps.email, email.toLowerCase())) })) ?? null;
}
