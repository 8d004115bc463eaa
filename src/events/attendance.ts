import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { eventRsvps, type Event } from "../../drizzle";
import { recordActivity } from "../activity/record";
import type { Deps } from "../env";
import { batchAll, type BatchItem } from "../lib/db";
import { AppError } from "../lib/errors";
import { pointStatements, revokePointStatements } from "../honours/points";
import { eventSettingsOf } from "./service";

/**
 * The host marks who came, once the event has started: `present` are RSVP ids of people who held
 * a seat; everyone else who held one is marked absent. This is the ONE function that builds the
 * attendance batch, so everything that follows from attending (the member's activity record, and
 * points toward their level) joins it here and happens exactly when the mark changes.
 */
export async function markAttendance(deps: Pick<Deps, "db" | "now">, event: Event, present: readonly string[]): Promise<{ marked: number; unmarked: number }> {
  const now = deps.now();
  if (event.startsAt > now) throw AppError.conflict("Attendance can be marked once the event has started");
  if (event.cancelledAt) throw AppError.conflict("This event was cancelled: nobody attended");
  const [seated, settings] = await Promise.all([
    deps.db
      .select({ id: eventRsvps.id, email: eventRsvps.email, attendedAt: eventRsvps.attendedAt })
      .from(eventRsvps)
      .where(and(eq(eventRsvps.eventId, event.id), eq(eventRsvps.status, "going"))),
    eventSettingsOf(deps.db, event.communityId),
  ]);
  // The owner's points for attending, one award per event and person (unique source), dated the event's start.
  const award = (email: string) => ({ communityId: event.communityId, email, sourceKind: "event", sourceId: `${event.id} ${email.toLowerCase()}` });
  const known = new Set(seated.map((r) => r.id));
  const strangers = present.filter((id) => !known.has(id));
  if (strangers.length) throw AppError.validation([{ field: "present", message: "Only people who had a seat can be marked as attending" }]);
  const wanted = new Set(present);
  const came = seated.filter((r) => wanted.has(r.id) && !r.attendedAt);
  const left = seated.filter((r) => !wanted.has(r.id) && r.attendedAt);
  const statements: BatchItem[] = [];
  for (const r of came) {
    statements.push(deps.db.update(eventRsvps).set({ attendedAt: now, updatedAt: now }).where(and(eq(eventRsvps.id, r.id), isNull(eventRsvps.attendedAt))));
    // Counted on the event's day, which is when the member was there.
    statements.push(recordActivity(deps.db, event.communityId, r.email, event.startsAt, "eventsAttended", 1));
    if (settings.attendancePoints > 0) statements.push(...pointStatements(deps.db, { ...award(r.email), points: settings.attendancePoints, reason: "event attendance", at: event.startsAt, now }));
  }
  for (const r of left) {
    statements.push(deps.db.update(eventRsvps).set({ attendedAt: null, updatedAt: now }).where(and(eq(eventRsvps.id, r.id), isNotNull(eventRsvps.attendedAt))));
    statements.push(recordActivity(deps.db, event.communityId, r.email, event.startsAt, "eventsAttended", -1));
    statements.push(...revokePointStatements(deps.db, award(r.email)));
  }
  await batchAll(deps.db, statements);
  return { marked: came.length, unmarked: left.length };
}

/** Those marked as having come, for the past event's page. */
export function attendeesQuery(deps: Pick<Deps, "db">, eventId: string) {
  return deps.db.select({ id: eventRsvps.id, email: eventRsvps.email }).from(eventRsvps).where(and(eq(eventRsvps.eventId, eventId), isNotNull(eventRsvps.attendedAt)));
}

