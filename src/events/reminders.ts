import { and, asc, eq, gt, inArray, isNull, lte } from "drizzle-orm";
import { communities, eventReminders, eventRsvps, events, type ReminderKind } from "../../drizzle";
import type { Deps } from "../env";
import { batchAll, chunk, CRON_BATCH } from "../lib/db";
import type { Enqueue } from "../lib/queue";
import { accessForMany } from "../memberships/access";
import { reminderEmail } from "./emails";
import { eventRights } from "./rights";

/**
 * Reminders 24 hours and 1 hour before an event, to everyone holding a seat. The cron claims each
 * event's reminder (the queued-at column, set by the same conditional update that finds it) and
 * queues a job; the job claims each (event, person, kind) in event_reminders before it sends, so a
 * doubled cron, a redelivered message or a continuation sent twice emails nobody twice. Nothing
 * stale goes out: the day reminder only while the event is more than an hour away (the hour
 * reminder covers the rest), the hour reminder only before the start, and none for a cancelled
 * event, checked by the cron and again by the job.
 */

export interface EventReminderJob {
  kind: "event-reminders";
  eventId: string;
  reminder: ReminderKind;
  /** A continuation carries the last attendee already handled. */
  after?: string;
}

const HOUR = 3_600_000;
/** Attendees one job handles; a full page queues the next. */
export const REMINDER_PAGE = 50;

/** The window in which a reminder is due: [from, to) of the event's start, seen from `now`. */
function window(kind: ReminderKind, now: Date): { from: Date; to: Date } {
  const ms = now.getTime();
  return kind === "day" ? { from: new Date(ms + HOUR), to: new Date(ms + 24 * HOUR) } : { from: new Date(ms), to: new Date(ms + HOUR) };
}

export function reminderDue(kind: ReminderKind, startsAt: Date, now: Date): boolean {
  const { from, to } = window(kind, now);
  return startsAt > from && startsAt <= to;
}

export async function enqueueEventReminders(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<EventReminderJob>): Promise<number> {
  const now = deps.now();
  let queued = 0;
  for (const kind of ["day", "hour"] as const) {
    const column = kind === "day" ? events.dayReminderQueuedAt : events.hourReminderQueuedAt;
    const { from, to } = window(kind, now);
    // A range of the start index, LIMITed; the update claims what the select found.
    const due = deps.db
      .select({ id: events.id })
      .from(events)
      .where(and(gt(events.startsAt, from), lte(events.startsAt, to), isNull(column), isNull(events.cancelledAt)))
      .orderBy(asc(events.startsAt))
      .limit(CRON_BATCH);
    const claimed = await deps.db
      .update(events)
      .set(kind === "day" ? { dayReminderQueuedAt: now } : { hourReminderQueuedAt: now })
      .where(and(inArray(events.id, due), isNull(column)))
      .returning({ id: events.id });
    await enqueue(claimed.map((e) => ({ kind: "event-reminders", eventId: e.id, reminder: kind })));
    queued += claimed.length;
  }
  return queued;
}

/** Sends one page of an event's reminders; returns how many went out. */
export async function runEventReminderJob(deps: Deps, job: EventReminderJob, enqueue: Enqueue<EventReminderJob>): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const [eventRows, communityRows, page] = await db.batch([
    db.select().from(events).where(eq(events.id, job.eventId)).limit(1),
    db.select().from(communities).where(inArray(communities.id, db.select({ id: events.communityId }).from(events).where(eq(events.id, job.eventId)))).limit(1),
    db
      .select({ email: eventRsvps.email })
      .from(eventRsvps)
      .where(and(eq(eventRsvps.eventId, job.eventId), eq(eventRsvps.status, "going"), job.after ? gt(eventRsvps.email, job.after) : undefined))
      .orderBy(asc(eventRsvps.email))
      .limit(REMINDER_PAGE),
  ]);
  const event = eventRows[0];
  const community = communityRows[0];
  // Moved since it was queued, or the job ran late: nothing stale goes out.
  if (!event || !community || event.cancelledAt || !reminderDue(job.reminder, event.startsAt, now)) return 0;
  const emails = page.map((r) => r.email);
  if (emails.length === REMINDER_PAGE) await enqueue([{ ...job, after: emails.at(-1)! }]);
  // Only people who still have access to the event (not removed, banned or lapsed since).
  const access = await accessForMany(deps, community, emails, now);
  const allowed = emails.filter((e) => eventRights(access(e), event).see);
  if (!allowed.length) return 0;
  // Four bound values a row: 20 rows stay under D1's 100 bound parameters per statement.
  const claims = chunk(allowed, 20).map((slice) =>
    db
      .insert(eventReminders)
      .values(slice.map((email) => ({ eventId: event.id, email, kind: job.reminder, sentAt: now })))
      .onConflictDoNothing()
      .returning({ email: eventReminders.email }),
  );
  const claimed = (await batchAll(db, claims)).flat();
  const drafts = claimed.map((c) => deps.mailer.draft(reminderEmail(deps.config, community, event, c.email, job.reminder)));
  await batchAll(db, drafts.map((d) => d.write));
  for (const d of drafts) await d.deliver();
  return claimed.length;
}
