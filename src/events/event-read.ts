import { and, eq, sql, type SQLWrapper } from "drizzle-orm";
import { events, type Event } from "../../drizzle";
import type { Db } from "../lib/db";
import { idOrSubquery } from "../lib/sql";

/**
 * One event by id inside a community: the statement, small enough for the session's batch
 * (src/auth/session-read.ts) to carry it under an event's pages and API, so the event and the
 * viewer's rights to it are known when the session is.
 * The community is its id, or a subquery yielding it (the session's batch knows only the slug).
 */
export function eventRead(db: Db, communityId: string | SQLWrapper, id: string) {
  const community = idOrSubquery(communityId);
  return db
    .select()
    .from(events)
    .where(and(eq(events.id, id.slice(0, 64)), sql`${events.communityId} = ${community}`))
    .limit(1);
}

export type EventRows = readonly Event[];
