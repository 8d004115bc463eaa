import { and, asc, desc, eq, gte, lt, or, sql } from "drizzle-orm";
import { eventRsvps, events, eventSettings, tiers, type Community, type Event } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { cursorOf, parseCursor, pastCursor } from "../lib/cursor";
import { AppError } from "../lib/errors";
import { qualified } from "../lib/sql";
import { newId } from "../lib/ids";
import type { Access } from "../memberships/access";
import { visibleEventsSql } from "./rights";
import { goingCountSql, promoteStatement } from "./seats";
import { MAX_LENGTH_MS, type EventInput } from "./schemas";
import { zonedToUtc } from "./time";
import { eventRead, type EventRows } from "./event-read";

/** Events a list page shows at once. */
export const EVENTS_PAGE = 20;
/** Events a month grid or a calendar feed carries at most. */
export const EVENTS_MAX = 200;

function rowOf(input: EventInput) {
  return {
    title: input.title,
    description: input.description,
    kind: input.kind,
    city: input.kind === "in_person" ? input.city : "",
    address: input.kind === "in_person" ? input.address : "",
    link: input.kind === "online" ? input.link : "",
    timeZone: input.timeZone,
    // The schema checked both parse; a zone or time it refused never gets here.
    startsAt: zonedToUtc(input.start, input.timeZone)!,
    endsAt: zonedToUtc(input.end, input.timeZone)!,
    capacity: input.capacity,
    waitlist: input.waitlist,
    minRank: input.minRank,
    tierId: input.tierId,
    priceAmount: input.priceAmount,
  };
}

async function refuseForeignTier(db: Db, communityId: string, tierId: string | null) {
  if (!tierId) return;
  const found = await db.select({ id: tiers.id }).from(tiers).where(and(eq(tiers.communityId, communityId), eq(tiers.id, tierId))).limit(1);
  if (!found.length) throw AppError.validation([{ field: "tierId", message: "Choose one of this community's tiers" }]);
}

export async function createEvent(deps: Pick<Deps, "db" | "now">, community: Community, hostEmail: string, input: EventInput): Promise<Event> {
  await refuseForeignTier(deps.db, community.id, input.tierId);
  const row = rowOf(input);
  if (row.startsAt <= deps.now()) throw AppError.validation([{ field: "start", message: "The event must start in the future" }]);
  const now = deps.now();
  const [event] = await deps.db
    .insert(events)
    .values({ id: newId("evt"), communityId: community.id, ...row, currency: community.currency, hostEmail: hostEmail.toLowerCase(), createdAt: now, updatedAt: now })
    .returning();
  return event!;
}

/**
 * Saves a host's changes in one batch with the seats they free: a larger capacity promotes that
 * many from the waitlist at once. A price is fixed once anyone holds or paid for a ticket, and
 * moving the start resets the reminders so they go out for the new time.
 */
export async function updateEvent(deps: Pick<Deps, "db" | "now">, event: Event, input: EventInput): Promise<{ event: Event; promoted: { email: string; status: string }[] }> {
  await refuseForeignTier(deps.db, event.communityId, input.tierId);
  const row = rowOf(input);
  const now = deps.now();
  if (event.startsAt <= now) throw AppError.conflict("This event has started; it can no longer be changed");
  if (event.cancelledAt) throw AppError.conflict("This event is cancelled; it can no longer be changed");
  if (row.priceAmount !== event.priceAmount) {
    const sold = await deps.db
      .select({ n: sql<number>`count(*)` })
      .from(eventRsvps)
      .where(and(eq(eventRsvps.eventId, event.id), sql`(${eventRsvps.paidAmount} > 0 or ${eventRsvps.status} = 'unpaid')`))
      .get();
    if (sold && sold.n > 0) throw AppError.validation([{ field: "priceAmount", message: "Tickets are already sold or being paid for: the price stays" }]);
  }
  const moved = row.startsAt.getTime() !== event.startsAt.getTime();
  const next = { ...event, ...row, updatedAt: now, ...(moved ? { dayReminderQueuedAt: null, hourReminderQueuedAt: null } : {}) };
  const [, promoted] = await deps.db.batch([
    deps.db.update(events).set(next).where(eq(events.id, event.id)),
    promoteStatement(deps.db, next, now),
  ]);
  return { event: next, promoted };
}

export async function getEvent(db: Db, communityId: string, id: string): Promise<Event> {
  return eventFrom(id.length <= 64 ? await eventRead(db, communityId, id) : [], id);
}

/** The event `eventRead` found (404 when the community has none by that id). */
export function eventFrom(rows: EventRows, id: string): Event {
  const event = id.length <= 64 ? rows[0] : undefined;
  if (!event) throw AppError.notFound("Event");
  return event;
}

export type EventWhen = "upcoming" | "past";

export interface EventListItem extends Event {
  going: number;
  myStatus: string | null;
}

/**
 * Upcoming events soonest first (those still running count as upcoming), past ones newest first,
 * a keyset page at a time off the (community, start, id) index: `cursor` is the `nextCursor` of
 * the page before. Each event's seat count and the viewer's answer come from indexed subqueries.
 * Upcoming reads only events that started at most MAX_LENGTH_MS ago (none lasts longer), so the
 * community's past is never walked to find what is still to come.
 */
export async function listEvents(
  db: Db,
  community: Pick<Community, "id">,
  access: Access | null,
  opts: { when: EventWhen; now: Date; cursor?: string | null },
): Promise<EventPage> {
  const read = eventListRead(db, community, access, opts);
  return read ? eventPageFrom(await read) : { items: [], nextCursor: null };
}

export interface EventPage {
  items: EventListItem[];
  nextCursor: string | null;
}

/** `listEvents`' statement, for a batch that reads more besides (`eventPageFrom` reads its rows); null when the viewer sees no events. */
export function eventListRead(db: Db, community: Pick<Community, "id">, access: Access | null, opts: { when: EventWhen; now: Date; cursor?: string | null }) {
  const after = parseCursor(opts.cursor, "cursor");
  const visible = visibleEventsSql(access);
  if (visible === null) return null;
  const upcoming = opts.when === "upcoming";
  const range = upcoming
    ? and(gte(events.startsAt, new Date(opts.now.getTime() - MAX_LENGTH_MS)), gte(events.endsAt, opts.now))
    : lt(events.endsAt, opts.now);
  // Soonest first going forward, newest first going back: the order and "after the cursor" agree.
  const order = upcoming ? asc : desc;
  const afterCursor = after && pastCursor(upcoming ? "asc" : "desc", events.startsAt, events.id, after.at, after.id);
  return db
    .select({ event: events, going: goingSql(), myStatus: myStatusSql(access?.email ?? "") })
    .from(events)
    .where(and(eq(events.communityId, community.id), range, afterCursor ?? undefined, visible))
    .orderBy(order(events.startsAt), order(events.id))
    .limit(EVENTS_PAGE + 1);
}

/** The page `eventListRead` read, with the cursor of the next. */
export function eventPageFrom(rows: readonly { event: Event; going: number; myStatus: string | null }[]): EventPage {
  const items = rows.slice(0, EVENTS_PAGE).map((r) => ({ ...r.event, going: r.going, myStatus: r.myStatus }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > EVENTS_PAGE && last ? cursorOf(last.startsAt, last.id) : null };
}

/** Events starting between two instants (a month grid, a feed window), at most EVENTS_MAX. */
export async function eventsBetween(db: Db, communityId: string, access: Access | null, from: Date, to: Date): Promise<EventListItem[]> {
  const visible = visibleEventsSql(access);
  if (visible === null) return [];
  const rows = await db
    .select({ event: events, going: goingSql(), myStatus: myStatusSql(access?.email ?? "") })
    .from(events)
    .where(and(eq(events.communityId, communityId), gte(events.startsAt, from), lt(events.startsAt, to), visible))
    .orderBy(asc(events.startsAt))
    .limit(EVENTS_MAX);
  return rows.map((r) => ({ ...r.event, going: r.going, myStatus: r.myStatus }));
}

const goingSql = () => goingCountSql(qualified(events.id)).as("going");

function myStatusSql(email: string) {
  return sql<string | null>`(select r.status from event_rsvps r where r.event_id = ${qualified(events.id)} and r.email = ${email.toLowerCase()})`.as("my_status");
}

export interface EventSettings {
  membersCreate: boolean;
  attendancePoints: number;
}

export const DEFAULT_ATTENDANCE_POINTS = 5;
export const MAX_ATTENDANCE_POINTS = 100;

/** The owner's events settings, or the defaults (staff only create; 5 points for attending). */
export async function eventSettingsOf(db: Db, communityId: string): Promise<EventSettings> {
  return eventSettingsFrom(await eventSettingsRead(db, communityId));
}

/** The community's event settings row (none until an owner saves them): a statement for a batch. */
export function eventSettingsRead(db: Db, communityId: string) {
  return db.select().from(eventSettings).where(eq(eventSettings.communityId, communityId)).limit(1);
}

export function eventSettingsFrom([row]: readonly (typeof eventSettings.$inferSelect)[]): EventSettings {
  return { membersCreate: row?.membersCreate ?? false, attendancePoints: row?.attendancePoints ?? DEFAULT_ATTENDANCE_POINTS };
}

export async function membersCreateEvents(db: Db, communityId: string): Promise<boolean> {
  return (await eventSettingsOf(db, communityId)).membersCreate;
}

export async function saveEventSettings(deps: Pick<Deps, "db" | "now">, communityId: string, settings: EventSettings): Promise<void> {
  const row = { communityId, ...settings, updatedAt: deps.now() };
  await deps.db.insert(eventSettings).values(row).onConflictDoUpdate({ target: eventSettings.communityId, set: row });
}
