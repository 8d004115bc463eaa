import { and, count, desc, eq, getTableColumns, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { events, notifications, posts, spaces, type Community, type Notification, type NotificationKind } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
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

/** A page of the list, newest first; `before` is the previous page's `nextBefore`. */
export async function listNotifications(deps: Pick<Deps, "db">, community: Community, access: Access, opts: { before?: string | null; limit?: number } = {}) {
  const limit = opts.limit ?? PAGE_SIZE;
  const where = shownTo(community.id, access);
  if (!where) return { items: [] as NotificationView[], nextBefore: null, unread: 0 };
  const cursor = opts.before ? CURSOR.exec(opts.before) : null;
  if (opts.before && !cursor) throw AppError.validation([{ field: "before", message: "Not a cursor from this list" }]);
  const after = cursor ? pastCursor("desc", notifications.createdAt, notifications.id, Number(cursor[1]), cursor[2]!) : undefined;
  const { db } = deps;
  const [rows, [unread]] = await db.batch([
    shownRows(db, and(where, after)!)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit + 1),
    unreadNotificationsQuery(db, community.id, access),
  ]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: await views(db, community, page), nextBefore: rows.length > limit && last ? `${last.createdAt.getTime()}.${last.id}` : null, unread: unread?.n ?? 0 };
}

/** The list's rows as shown: their posts, threads, spaces or events and the actors' names, in one batch. */
async function views(db: Db, community: Community, rows: Notification[]): Promise<NotificationView[]> {
  if (!rows.length) return [];
  const postIds = [...new Set(rows.flatMap((r) => (r.postId ? [r.postId] : [])))];
  const eventIds = [...new Set(rows.flatMap((r) => (r.eventId ? [r.eventId] : [])))];
  const [postRows, spaceRows, nameRows, eventRows, levelRows] = await db.batch([
    ...subjectQueries(db, community.id, postIds),
    displayNamesQuery(db, community.id, [...new Set(rows.map((r) => r.actorEmail).filter((e): e is string => !!e))]),
    db.select({ id: events.id, title: events.title }).from(events).where(and(eq(events.communityId, community.id), inArray(events.id, eventIds.length ? eventIds : [""]))),
    levelsQuery(db, community.id),
  ]);
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
