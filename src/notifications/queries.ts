import { and, count, desc, eq, getTableColumns, inArray, isNotNull, isNull, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { events, notifications, posts, spaces, type Community, type Notification, type NotificationKind } from "../../drizzle";
import type { Deps } from "../env";
import type { BatchItem, Db } from "../lib/db";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { AppError } from "../lib/errors";
import type { Access } from "../memberships/access";
import { readableSpacesSql } from "../spaces/rules";
import { visibleEventsSql } from "../events/rights";
import { levelsFrom, levelsQuery } from "../honours/levels";
import { describe, excerpt, noticeLookup, notificationPath, subjectLookup, subjectQueries } from "./describe";
import { displayNamesQuery, nameLookup } from "../profiles/names";
import { pastCursor } from "../lib/cursor";

/**
 * The in-app list. A notification shows only while its post and thread are visible and the
 * viewer's access opens the post's space (the same rule as the pages, `readableSpacesSql`):
 * removal, a held or deleted post, or losing the tier hides it at once.
 */

export const UNREAD_CAP = 100;
/** At most 40 (see `subjectQueries`). */
export const PAGE_SIZE = 25;

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** One line: who did what, where; people by display name only. */
  text: string;
  excerpt: string;
  spaceName: string;
  /** The thread page, anchored at the reply. */
  path: string;
  createdAt: Date;
  readAt: Date | null;
}

/** Who may have a notification list: members in good standing or grace, and staff. */
export function refuseWithoutAccess(access: Access | null): asserts access is Access & { email: string } {
  if (!access?.email || access.role === "none") throw AppError.forbidden("Only members and staff of this community have notifications");
}

/**
 * Notifications of `access.email` the viewer may still see; null: none can be. One about a post
 * while its post and thread are shown in a space the access opens; one about an event while the
 * access sees the event (the events' rule, `visibleEventsSql`); a level reached always.
 */
function shownTo(communityId: string, access: Access): SQL | null {
  if (!access.email) return null;
  const readable = readableSpacesSql(access);
  const visibleEvents = visibleEventsSql(access);
  const thread = sql`(select 1 from ${posts} t where t.id = coalesce(${posts.parentId}, ${posts.id}) and t.status = 'visible' and t.deleted_at is null)`;
  const aboutPost = readable === null ? undefined : and(isNotNull(notifications.postId), eq(posts.status, "visible"), isNull(posts.deletedAt), sql`exists ${thread}`, readable);
  const aboutEvent = visibleEvents === null ? undefined : and(isNotNull(notifications.eventId), isNotNull(events.id), visibleEvents);
  const aboutLevel = and(isNull(notifications.postId), isNull(notifications.eventId));
  return and(eq(notifications.communityId, communityId), eq(notifications.email, access.email), or(aboutPost, aboutEvent, aboutLevel))!;
}

/**
 * The notifications' own columns (the joins only filter: D1 batches key rows by column name); left
 * joins, since a notice is about a post, an event or neither.
 */
function shownRows(db: Db, where: SQL) {
  return db
    .select(getTableColumns(notifications))
    .from(notifications)
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(spaces, eq(spaces.id, posts.spaceId))
    .leftJoin(events, eq(events.id, notifications.eventId))
    .where(where);
}

/**
 * The viewer's unread notifications, counted up to UNREAD_CAP (show "99+" above 99): one
 * statement, for member home or a menu to put in its own batch. Rows: `[{ n }]`.
 */
export function unreadNotificationsQuery(db: Db, communityId: string, access: Access) {
  const where = shownTo(communityId, access) ?? sql`0`;
  const unread = db
    .select({ id: notifications.id })
    .from(notifications)
    .leftJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(spaces, eq(spaces.id, posts.spaceId))
    .leftJoin(events, eq(events.id, notifications.eventId))
    .where(and(where, isNull(notifications.readAt)))
    .limit(UNREAD_CAP)
    .as("unread");
  return db.select({ n: count() }).from(unread);
}

export function unreadLabel(n: number): string {
  return n >= UNREAD_CAP ? "99+" : String(n);
}

const CURSOR = /^(\d{1,15})\.(ntf_[0-9a-z]{20})$/;

/**
 * A page of the list, newest first; `before` is the previous page's `nextBefore`. The page, the
 * unread count and what the page's rows show (their posts, threads, spaces or events and the
 * actors' names, read by subqueries over the same page) come in one batch, with `alongside`'s
 * statements (the page's other reads) at its end: one round trip.
 */
export async function listNotifications(
  deps: Pick<Deps, "db">,
  community: Community,
  access: Access,
  opts: { before?: string | null; limit?: number; alongside?: BatchItem[] } = {},
): Promise<{ items: NotificationView[]; nextBefore: string | null; unread: number; alongside: unknown[] }> {
  const limit = opts.limit ?? PAGE_SIZE;
  const where = shownTo(community.id, access);
  const cursor = opts.before ? CURSOR.exec(opts.before) : null;
  if (opts.before && !cursor) throw AppError.validation([{ field: "before", message: "Not a cursor from this list" }]);
  const { db } = deps;
  const alongside = opts.alongside ?? [];
  if (!where) return { items: [], nextBefore: null, unread: 0, alongside: alongside.length ? await db.batch(alongside as unknown as [BatchItem, ...BatchItem[]]) : [] };
  const after = cursor ? pastCursor("desc", notifications.createdAt, notifications.id, Number(cursor[1]), cursor[2]!) : undefined;
  const page = (fields: Record<string, AnySQLiteColumn>) =>
    db
      .select(fields)
      .from(notifications)
      .leftJoin(posts, eq(posts.id, notifications.postId))
      .leftJoin(spaces, eq(spaces.id, posts.spaceId))
      .leftJoin(events, eq(events.id, notifications.eventId))
      .where(and(where, after))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit + 1);
  const [rows, [unread], ...rest] = await db.batch([
    page(getTableColumns(notifications)),
    unreadNotificationsQuery(db, community.id, access),
    ...viewReads(db, community.id, page({ id: notifications.postId }), page({ id: notifications.eventId }), page({ email: notifications.actorEmail })),
    ...alongside,
  ] as unknown as [BatchItem, ...BatchItem[]]);
  const shown = (rows as Notification[]).slice(0, limit);
  const last = shown.at(-1);
  return {
    items: viewsFrom(community, shown, rest.slice(0, VIEW_READS) as unknown as ViewRows),
    nextBefore: (rows as Notification[]).length > limit && last ? `${last.createdAt.getTime()}.${last.id}` : null,
    unread: (unread as { n: number } | undefined)?.n ?? 0,
    alongside: rest.slice(VIEW_READS),
  };
}

/**
 * What a list's rows show: their posts and threads, the community's spaces, the actors' names,
 * their events and the community's levels. Ids and addresses are lists, or subqueries over the
 * same page (so the page and these come in one batch).
 */
function viewReads(db: Db, communityId: string, postIds: string[] | SQLWrapper, eventIds: string[] | SQLWrapper, actors: string[] | SQLWrapper) {
  return [
    ...subjectQueries(db, communityId, postIds),
    displayNamesQuery(db, communityId, actors),
    db.select({ id: events.id, title: events.title }).from(events).where(and(eq(events.communityId, communityId), inArray(events.id, Array.isArray(eventIds) && !eventIds.length ? [""] : eventIds))),
    levelsQuery(db, communityId),
  ] as const;
}
const VIEW_READS = 5;
type ViewRows = { -readonly [K in keyof ReturnType<typeof viewReads>]: Awaited<ReturnType<typeof viewReads>[K]> };

/** The list's rows as shown, from `viewReads`' rows. */
function viewsFrom(community: Community, rows: Notification[], [postRows, spaceRows, nameRows, eventRows, levelRows]: ViewRows): NotificationView[] {
  const subjectOf = subjectLookup(postRows, spaceRows);
  const names = nameLookup(nameRows, community.id);
  const notice = noticeLookup(community, eventRows, levelsFrom(levelRows));
  return rows.flatMap((n) => {
    const base = { id: n.id, kind: n.kind, createdAt: n.createdAt, readAt: n.readAt };
    if (!n.postId) {
      const shown = notice(n);
      return shown ? [{ ...base, ...shown }] : [];
    }
    const found = subjectOf(n.postId);
    if (!found) return [];
    const subject = { community, ...found };
    return [{ ...base, text: describe(n.kind, names(n.actorEmail), subject), excerpt: n.kind === "poll_closed" ? "" : excerpt(subject, 160), spaceName: found.space.name, path: notificationPath(subject) }];
  });
}

/** The rows as shown, read in one batch (a single notification being opened). */
async function views(db: Db, community: Community, rows: Notification[]): Promise<NotificationView[]> {
  if (!rows.length) return [];
  const postIds = [...new Set(rows.flatMap((r) => (r.postId ? [r.postId] : [])))];
  const eventIds = [...new Set(rows.flatMap((r) => (r.eventId ? [r.eventId] : [])))];
  const actors = [...new Set(rows.map((r) => r.actorEmail).filter((e): e is string => !!e))];
  return viewsFrom(community, rows, (await db.batch(viewReads(db, community.id, postIds, eventIds, actors))) as unknown as ViewRows);
}

/** Marks one notification read and returns where it leads; 404 unless it is the viewer's and still shown. */
export async function openNotification(deps: Pick<Deps, "db" | "now">, community: Community, access: Access, id: string): Promise<NotificationView> {
  const where = shownTo(community.id, access);
  const rows = where ? await shownRows(deps.db, and(where, eq(notifications.id, id))!).limit(1) : [];
  const [view] = await views(deps.db, community, rows);
  if (!view) throw AppError.notFound("Notification");
  if (!view.readAt) await deps.db.update(notifications).set({ readAt: deps.now() }).where(and(eq(notifications.id, id), isNull(notifications.readAt)));
  return { ...view, readAt: view.readAt ?? deps.now() };
}

/** Marks every unread notification of the viewer in the community read; returns how many. */
export async function markAllRead(deps: Pick<Deps, "db" | "now">, communityId: string, email: string): Promise<number> {
  const done = await deps.db
    .update(notifications)
    .set({ readAt: deps.now() })
    .where(and(eq(notifications.communityId, communityId), eq(notifications.email, email.toLowerCase()), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return done.length;
}
