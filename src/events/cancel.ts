import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { communities, eventRsvps, events, type Community, type Event } from "../../drizzle";
import type { Deps, Env } from "../env";
import { batchAll } from "../lib/db";
import { AppError } from "../lib/errors";
import { enqueueTo, type Enqueue } from "../lib/queue";
import { accessForMany } from "../memberships/access";
import { eventNoticeStatements } from "../notifications/notices";
import { cancelledEmail } from "./emails";
import { eventRights } from "./rights";
import { performTicketRefund } from "./tickets";

/**
 * Cancelling a whole event, by its host or staff, before it starts. One batch marks it cancelled
 * (the first call; a repeat or a concurrent one finds it so) and claims the refund of every paid
 * seat (`refund_status` pending: the same claim a member's own cancellation makes, so a seat is
 * never refunded by both). Then the people who held, were paying for or were waiting for a seat
 * are handled a page at a time (the request does the first, a queued job each next): those who
 * may still see the event are told in-app and by email, where the notice's insert, unique per
 * person and event, is the email's claim, so a repeat tells nobody twice; and the page's pending
 * refunds are made at Stripe with the ticket refund's key (`event-refund:<payment intent>`), so a
 * repeat, a race or the cron's retry moves no money twice. Answers stay as they were (the page
 * still shows who was going); answers, payments, promotions and reminders stop on `cancelled_at`.
 */

export interface CancelOutcome {
  /** False when the event was already cancelled (by this call's twin, or earlier). */
  cancelled: boolean;
  /** People told by this call (its first page). */
  told: number;
  /** Refunds this call made or retried (its first page). */
  refunded: number;
  /** More people than a page: the rest are told by queued jobs. */
  queued: boolean;
}

export interface EventCancelledJob {
  kind: "event-cancelled";
  eventId: string;
  reason: string;
  /** The last person the previous page handled. */
  after: string;
}

export const cancelJobs = (env: Pick<Env, "JOBS">): Enqueue<EventCancelledJob> => enqueueTo(env.JOBS);

/** People one page handles: access for them is one read, their notices four statements. */
export const CANCEL_PAGE = 40;

const SEATED = ["going", "unpaid", "waitlisted"] as const;

export async function cancelEvent(deps: Deps, enqueue: Enqueue<EventCancelledJob>, community: Community, event: Event, reason = ""): Promise<CancelOutcome> {
  const now = deps.now();
  if (!event.cancelledAt && event.startsAt <= now) throw AppError.conflict("This event has started: it can no longer be cancelled");
  const { db } = deps;
  const [claimed] = await db.batch([
    db.update(events).set({ cancelledAt: now, updatedAt: now }).where(and(eq(events.id, event.id), isNull(events.cancelledAt))).returning({ id: events.id }),
    db
      .update(eventRsvps)
      .set({ refundStatus: "pending", updatedAt: now })
      .where(and(eq(eventRsvps.eventId, event.id), eq(eventRsvps.status, "going"), sql`${eventRsvps.paidAmount} > 0`, isNull(eventRsvps.refundStatus), isNotNull(eventRsvps.paymentIntentId))),
  ]);
  const page = await tellCancelledPage(deps, community, { ...event, cancelledAt: event.cancelledAt ?? now }, reason, "");
  if (page.next) await enqueue([{ kind: "event-cancelled", eventId: event.id, reason, after: page.next }]);
  return { cancelled: claimed.length > 0, told: page.told, refunded: page.refunded, queued: !!page.next };
}

/** The queued continuation: the next page of the people to tell and refund. */
export async function runEventCancelledJob(deps: Deps, job: EventCancelledJob, enqueue: Enqueue<EventCancelledJob>): Promise<number> {
  const [event] = await deps.db.select().from(events).where(eq(events.id, job.eventId)).limit(1);
  if (!event?.cancelledAt) return 0;
  const [community] = await deps.db.select().from(communities).where(eq(communities.id, event.communityId)).limit(1);
  if (!community) return 0;
  const page = await tellCancelledPage(deps, community, event, job.reason, job.after);
  if (page.next) await enqueue([{ ...job, after: page.next }]);
  return page.told;
}

/** One page of those who answered, in email order after `after`: told once each, their refunds made. */
async function tellCancelledPage(deps: Deps, community: Community, event: Event, reason: string, after: string): Promise<{ told: number; refunded: number; next: string | null }> {
  const { db } = deps;
  const rows = await db
    .select({ id: eventRsvps.id, email: eventRsvps.email, status: eventRsvps.status, paidAmount: eventRsvps.paidAmount, refundStatus: eventRsvps.refundStatus })
    .from(eventRsvps)
    .where(and(eq(eventRsvps.eventId, event.id), inArray(eventRsvps.status, SEATED), gt(eventRsvps.email, after)))
    .orderBy(asc(eventRsvps.email))
    .limit(CANCEL_PAGE);
  if (!rows.length) return { told: 0, refunded: 0, next: null };
  const access = await accessForMany(deps, community, rows.map((r) => r.email), deps.now());
  const told = rows.filter((r) => eventRights(access(r.email), event).see);
  const written = (await batchAll(db, eventNoticeStatements(db, event, "event_cancelled", told.map((r) => r.email), deps.now()))).flat();
  const paid = new Set(rows.filter((r) => r.status === "going" && r.paidAmount > 0).map((r) => r.email));
  for (const { email } of written) await deps.mailer.send(cancelledEmail(deps.config, community, event, email, { refunded: paid.has(email), reason }));
  const pending = rows.filter((r) => r.refundStatus === "pending");
  for (const r of pending) await performTicketRefund(deps, r.id);
  return { told: written.length, refunded: pending.length, next: rows.length === CANCEL_PAGE ? rows.at(-1)!.email : null };
}
