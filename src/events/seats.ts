import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { eventRsvps, type Event } from "../../drizzle";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";

/**
 * Seats are decided inside SQLite, never read first and written after: D1 runs one statement at a
 * time, so a statement that counts the taken seats and writes the answer in the same breath
 * cannot be overtaken by a concurrent RSVP. Exactly `capacity` people hold a seat however many
 * answer at once; the rest wait in order of arrival (`seq`).
 */

/** How long a seat waits for its Checkout Session (Stripe's shortest session is 30 minutes). */
export const CHECKOUT_HOLD_MS = 32 * 60_000;
/** How long someone promoted from a paid event's waitlist has to pay for the seat that opened. */
export const PROMOTION_HOLD_MS = 24 * 3_600_000;

/**
 * How many are going to an event: one row of the counts the triggers keep, however large the
 * crowd. `eventId` is a value or an outer query's column, spelled out with its table
 * (`qualified`); the subquery names its own table by alias.
 */
export function goingCountSql(eventId: string | SQLWrapper): SQL<number> {
  return sql<number>`coalesce((select c.n from event_rsvp_counts c where c.event_id = ${eventId} and c.status = 'going'), 0)`;
}

/**
 * Seats taken: those going, and those paying whose hold has not lapsed (a range of the status
 * index: only the few mid-checkout).
 */
export function seatsTakenSql(eventId: string, now: Date): SQL<number> {
  return sql<number>`(${goingCountSql(eventId)}
    + (select count(*) from ${eventRsvps} where ${eventRsvps.eventId} = ${eventId} and ${eventRsvps.status} = 'unpaid' and ${eventRsvps.holdUntil} > ${now.getTime()}))`;
}

/** The condition "a seat is free", in SQL. */
function seatFree(event: Pick<Event, "id" | "capacity">, now: Date): SQL {
  return event.capacity == null ? sql`1` : sql`${seatsTakenSql(event.id, now)} < ${event.capacity}`;
}

/**
 * "Going": a seat when one is free (for a paid event, a seat held while they pay), else the end of
 * the waitlist, else (no waitlist) nothing. Someone already holding a seat or already waiting
 * keeps their place. Returns the row's new status when it changed, nothing otherwise.
 */
export function admitStatement(db: Db, event: Pick<Event, "id" | "communityId" | "capacity" | "waitlist" | "priceAmount">, email: string, now: Date) {
  const paid = event.priceAmount > 0;
  const ms = now.getTime();
  const free = seatFree(event, now);
  const seated = paid ? "unpaid" : "going";
  const hold = paid ? ms + CHECKOUT_HOLD_MS : null;
  // Columns in table order: id, event, community, email, status, seq, hold until, checkout session,
  // checkout attempts, payment intent, paid amount, refund status, refund id, attended, created, updated.
  return db
    .insert(eventRsvps)
    .select(
      sql`select ${newId("rsv")}, ${event.id}, ${event.communityId}, ${email},
        case when ${free} then ${seated} else 'waitlisted' end,
        (select coalesce(max(seq), 0) + 1 from ${eventRsvps} where ${eventRsvps.eventId} = ${event.id}),
        case when ${free} then ${hold} else null end, null, 0, null, 0, null, null, null, ${ms}, ${ms}
      where ${free} or ${event.waitlist ? sql`1` : sql`0`}`,
    )
    .onConflictDoUpdate({
      target: [eventRsvps.eventId, eventRsvps.email],
      set: { status: sql`excluded.status`, seq: sql`excluded.seq`, holdUntil: sql`excluded.hold_until`, updatedAt: sql`excluded.updated_at` },
      setWhere: sql`not (${eventRsvps.status} = 'going' or (${eventRsvps.status} = 'unpaid' and ${eventRsvps.holdUntil} > ${ms}) or (${eventRsvps.status} = 'waitlisted' and excluded.status = 'waitlisted'))`,
    });
}

/**
 * Gives free seats to the waitlist, first come first served: as many as are free (one after a
 * single cancellation). A paid event's promoted person gets a seat held for PROMOTION_HOLD_MS to
 * pay. Returns who was promoted and to what, for their email.
 */
export function promoteStatement(db: Db, event: Pick<Event, "id" | "capacity" | "priceAmount">, now: Date) {
  const ms = now.getTime();
  const paid = event.priceAmount > 0;
  const free = event.capacity == null ? sql`-1` : sql`max(0, ${event.capacity} - ${seatsTakenSql(event.id, now)})`;
  return db
    .update(eventRsvps)
    .set({ status: paid ? "unpaid" : "going", holdUntil: paid ? new Date(ms + PROMOTION_HOLD_MS) : null, updatedAt: now })
    .where(
      sql`${eventRsvps.eventId} = ${event.id} and ${eventRsvps.status} = 'waitlisted' and ${eventRsvps.email} in (
        select email from ${eventRsvps} where ${eventRsvps.eventId} = ${event.id} and ${eventRsvps.status} = 'waitlisted' order by seq limit ${free})`,
    )
    .returning({ email: eventRsvps.email, status: eventRsvps.status });
}
