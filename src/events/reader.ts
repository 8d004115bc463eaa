import { and, asc, eq, gt, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import type { Context } from "hono";
import { eventRsvpCounts, eventRsvps, type Community, type Event, type EventRsvp } from "../../drizzle";
import type { AppEnv, Viewer } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import type { Access } from "../memberships/access";
import { displayNamesFrom, displayNamesQuery, nameLabel } from "../profiles/names";
import { eventRights, mayCreateEvents, seesWhereabouts, type EventRights } from "./rights";
import { eventFrom, getEvent, membersCreateEvents } from "./service";
import { prefetchedEvent } from "../auth/session-read";

/**
 * The signed-in person in a community's events, for the pages and the API alike: the one access
 * check (`accessFor`, read with the session), and for one event the tier gate on top. Visitors are
 * sent to sign in (pages) or get a 401 (API); people outside the community get a 403; an event
 * the person may not see is the same 404 as one that does not exist.
 */
export interface EventsReader {
  deps: Deps;
  community: Community;
  viewer: Viewer;
  access: Access;
}

export async function eventsReader(c: Context<AppEnv>): Promise<EventsReader> {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  if (!access || access.role === "none") throw AppError.forbidden(`Events are for members of ${community.name}`);
  return { deps: c.get("deps"), community, viewer, access };
}

export interface EventReader extends EventsReader {
  event: Event;
  rights: EventRights;
}

export async function eventReader(c: Context<AppEnv>, id = c.req.param("id") ?? c.req.param("eventId") ?? ""): Promise<EventReader> {
  const r = await eventsReader(c);
  // Under the event's own path the session's batch read it (no round trip of its own).
  const known = prefetchedEvent(c, r.community.slug, id);
  const event = known ? eventFrom(known, id) : await getEvent(r.deps.db, r.community.id, id);
  const rights = eventRights(r.access, event);
  if (!rights.see) throw AppError.notFound("Event");
  return { ...r, event, rights };
}

export async function mayCreate(r: EventsReader): Promise<boolean> {
  return mayCreateEvents(r.access, await membersCreateEvents(r.deps.db, r.community.id));
}

/** Names shown on an event at most (the rest are counted). */
export const NAMES_SHOWN = 100;

export interface EventPerson {
  id: string;
  /** Display name and level, "Maya Lindqvist · Level 3", as names show everywhere. */
  name: string;
  level: number;
  attended: boolean;
}

export interface EventDetail {
  rsvp: EventRsvp | null;
  revealed: boolean;
  counts: Record<string, number>;
  /** Those going, or once started those marked as having come: display names, a first page. */
  people: EventPerson[];
  /** Those waiting for a seat, in the order they get one (a first page; none once started). */
  waitlist: EventPerson[];
}

/**
 * Everything an event page or API view shows about the people, in one batch: a first page of
 * those going (once started: those who came, or for the host everyone with a seat) and of the
 * waitlist, each read in order from the (event, status, seq) index, and their names and levels
 * read by the same batch for exactly those rows.
 */
export async function eventDetail(r: EventReader): Promise<EventDetail> {
  const { db } = r.deps;
  const started = r.event.startsAt <= r.deps.now();
  const ofEvent = eq(eventRsvps.eventId, r.event.id);
  const going = and(ofEvent, eq(eventRsvps.status, "going"), started && !r.rights.host ? isNotNull(eventRsvps.attendedAt) : undefined);
  // Nobody waits for a seat at an event that has started.
  const waiting = started ? sql`0` : and(ofEvent, eq(eventRsvps.status, "waitlisted"));
  const firstPage = (where: SQL | undefined) => db.select({ id: eventRsvps.id }).from(eventRsvps).where(where).orderBy(asc(eventRsvps.seq)).limit(NAMES_SHOWN);
  const listed = (where: SQL | undefined) =>
    db.select({ id: eventRsvps.id, email: eventRsvps.email, attendedAt: eventRsvps.attendedAt }).from(eventRsvps).where(where).orderBy(asc(eventRsvps.seq)).limit(NAMES_SHOWN);
  const shown = db
    .select({ email: eventRsvps.email })
    .from(eventRsvps)
    .where(or(inArray(eventRsvps.id, firstPage(going)), inArray(eventRsvps.id, firstPage(waiting))));
  const [mine, counts, people, waitlist, nameRows] = await db.batch([
    db.select().from(eventRsvps).where(and(ofEvent, eq(eventRsvps.email, r.viewer.email.toLowerCase()))).limit(1),
    db.select({ status: eventRsvpCounts.status, n: eventRsvpCounts.n }).from(eventRsvpCounts).where(and(eq(eventRsvpCounts.eventId, r.event.id), gt(eventRsvpCounts.n, 0))),
    listed(going),
    listed(waiting),
    displayNamesQuery(db, r.community.id, shown),
  ]);
  const names = displayNamesFrom(nameRows, r.community, [...people, ...waitlist].map((p) => p.email));
  const person = (p: (typeof people)[number]): EventPerson => {
    const n = names.get(p.email.toLowerCase())!;
    return { id: p.id, name: nameLabel(n), level: n.level, attended: !!p.attendedAt };
  };
  const rsvp = mine[0] ?? null;
  return {
    rsvp,
    revealed: seesWhereabouts(r.rights, rsvp?.status),
    counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
    people: people.map(person),
    waitlist: waitlist.map(person),
  };
}
