import { and, asc, desc, eq, gte, inArray, lte, or, type SQL } from "drizzle-orm";
import { applicationCounts, applications, APPLICATION_STATUSES, type Application, type ApplicationStatus } from "../../drizzle";
import { containsText, type Db } from "../lib/db";
import { pastCursor } from "../lib/cursor";

export interface QueueFilter {
  status?: ApplicationStatus;
  /** Inclusive day range on the submission date (UTC). */
  from?: Date;
  to?: Date;
  flagged?: boolean;
  /** Matches name or email. */
  search?: string;
  limit?: number;
  /** Opaque cursor from a previous page: `<createdAt ms>:<id>`. */
  cursor?: string;
  /** The other direction: the applications newer than this cursor, nearest first. */
  newerThan?: string;
}

export interface QueuePage {
  items: Application[];
  nextCursor: string | null;
}

/** One page of a community's applications, newest first, on the (community, status, created) index. */
export async function listApplications(db: Db, communityId: string, filter: QueueFilter = {}): Promise<QueuePage> {
  return queuePageFrom(filter, await queuePageQuery(db, communityId, filter));
}

/** The statement behind `listApplications`, for a batch; `queuePageFrom` reads its rows. */
export function queuePageQuery(db: Db, communityId: string, filter: QueueFilter = {}) {
  const limit = pageLimit(filter);
  const where: SQL[] = [eq(applications.communityId, communityId)];
  if (filter.status) where.push(eq(applications.status, filter.status));
  if (filter.from) where.push(gte(applications.createdAt, filter.from));
  if (filter.to) where.push(lte(applications.createdAt, new Date(filter.to.getTime() + 86_399_999)));
  if (filter.flagged !== undefined) where.push(eq(applications.flagged, filter.flagged));
  if (filter.search) {
    where.push(or(containsText(applications.name, filter.search), containsText(applications.email, filter.search))!);
  }
  const cursor = parseCursor(filter.cursor);
  if (cursor) {
    where.push(pastCursor("desc", applications.createdAt, applications.id, cursor.at.getTime(), cursor.id));
  }
  const newer = parseCursor(filter.newerThan);
  if (newer) {
    where.push(pastCursor("asc", applications.createdAt, applications.id, newer.at.getTime(), newer.id));
  }
  const order = newer ? [asc(applications.createdAt), asc(applications.id)] : [desc(applications.createdAt), desc(applications.id)];
  return db
    .select()
    .from(applications)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit + 1);
}

export function queuePageFrom(filter: QueueFilter, rows: Application[]): QueuePage {
  const limit = pageLimit(filter);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? `${last.createdAt.getTime()}:${last.id}` : null };
}

function pageLimit(filter: QueueFilter): number {
  return Math.min(Math.max(filter.limit ?? 50, 1), 200);
}

/**
 * The applications on either side of `app` in the queue's order (newest first) under the same
 * filters, so a reviewer can go through them one by one: `newer` comes before it, `older` after.
 */
export async function queueNeighbours(
  db: Db,
  communityId: string,
  app: Pick<Application, "id" | "createdAt">,
  filter: QueueFilter,
): Promise<{ newer: Application | null; older: Application | null }> {
  const at = `${app.createdAt.getTime()}:${app.id}`;
  const [newer, older] = await Promise.all([
    listApplications(db, communityId, { ...filter, cursor: undefined, newerThan: at, limit: 1 }),
    listApplications(db, communityId, { ...filter, cursor: at, limit: 1 }),
  ]);
  return { newer: newer.items[0] ?? null, older: older.items[0] ?? null };
}

function parseCursor(cursor?: string): { at: Date; id: string } | null {
  const m = cursor?.match(/^(\d+):([a-z]+_[a-z0-9]+)$/);
  return m ? { at: new Date(Number(m[1])), id: m[2] } : null;
}

/**
 * Counts per status for the queue's tabs, from the counters the triggers on `applications` keep
 * (one row per status, whatever the community's history): the statement, and `countsFrom` to
 * read its rows.
 */
export function countByStatusQuery(db: Db, communityId: string) {
  return db.select({ status: applicationCounts.status, n: applicationCounts.n }).from(applicationCounts).where(eq(applicationCounts.communityId, communityId));
}

export function countsFrom(rows: { status: ApplicationStatus; n: number }[]): Record<ApplicationStatus, number> {
  const counts = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Names and statuses of some of a community's applications (for summaries of bulk actions). */
export async function findApplicationsByIds(db: Db, communityId: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: applications.id, name: applications.name, status: applications.status })
    .from(applications)
    .where(and(eq(applications.communityId, communityId), inArray(applications.id, ids)));
}
