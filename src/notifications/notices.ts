import { and, eq, sql } from "drizzle-orm";
import { memberPoints, notifications, type Event } from "../../drizzle";
import type { BatchItem, Db } from "../lib/db";
import { chunk } from "../lib/db";
import { newId } from "../lib/ids";

/**
 * Notices that are not about a post: a seat that opened from the waitlist, an event cancelled,
 * and a level reached through points no post earned (event attendance, a referral's reward). They
 * join replies and mentions in the same in-app list (queries.ts shows each only while the reader
 * may see what it is about). Their emails are sent by the feature that acts (the events' own
 * emails) or not at all, so each row is written as already emailed and the daily digest leaves it
 * alone. Rows are unique per person, kind and event, or per person and level reached.
 */

export type EventNoticeKind = "event_promoted" | "event_cancelled";

/**
 * A notice about an event to each of `emails` (twelve rows a statement: seven bound values a row,
 * under D1's 100 a statement).
 * A promotion that happens again (the member left and was promoted once more) comes back unread
 * and on top; a cancellation is told once, and the rows returned are the ones newly written, so
 * the caller emails exactly those.
 */
export function eventNoticeStatements(db: Db, event: Pick<Event, "id" | "communityId">, kind: EventNoticeKind, emails: readonly string[], now: Date) {
  return chunk([...new Set(emails.map((e) => e.toLowerCase()))], 12).map((slice) => {
    const insert = db
      .insert(notifications)
      .values(slice.map((email) => ({ id: newId("ntf"), communityId: event.communityId, email, kind, eventId: event.id, createdAt: now, emailedAt: now })));
    const written =
      kind === "event_promoted"
        ? insert.onConflictDoUpdate({ target: [notifications.email, notifications.kind, notifications.eventId], set: { createdAt: now, readAt: null } })
        : insert.onConflictDoNothing();
    return written.returning({ email: notifications.email });
  });
}

/**
 * For the batch that just gave `email` points (after the award's insert: its triggers set the
 * level): a notice of the level reached when it is above the highest one they were told about,
 * and the claim of that level (`notified_level`), so each level is announced once whichever source
 * crossed it, and points that come and go around a threshold announce nothing twice.
 */
export function levelNoticeStatements(db: Db, communityId: string, email: string, now: Date): BatchItem[] {
  const who = email.toLowerCase();
  const mine = and(eq(memberPoints.communityId, communityId), eq(memberPoints.email, who), sql`${memberPoints.level} > ${memberPoints.notifiedLevel}`);
  // Columns in the table's order: id, community, email, kind, post, event, level, actor, created, read, emailed.
  return [
    db
      .insert(notifications)
      .select(
        sql`select 'ntf_' || lower(hex(randomblob(10))), ${memberPoints.communityId}, ${memberPoints.email}, 'level_up', null, null, ${memberPoints.level}, null, ${now.getTime()}, null, ${now.getTime()}
          from ${memberPoints} where ${mine}`,
      )
      .onConflictDoNothing(),
    db
      .update(memberPoints)
      .set({ notifiedLevel: sql`${memberPoints.level}` })
      .where(mine),
  ];
}
