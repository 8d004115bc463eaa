import { and, asc, count, desc, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { posts, reports, spaces, type Post } from "../../drizzle";
import type { Db } from "../lib/db";
import { cursorOf, parseCursor, pastCursor } from "../lib/cursor";
import { displayNamesQuery, nameLookup } from "../profiles/names";

/**
 * The moderation queue: posts with open reports (grouped per post, oldest report first) and
 * held posts (oldest first), each keyset-paginated on its own cursor. Two round trips whatever
 * the community's size: the two pages of ids, then the posts, reasons and author names.
 */

export interface QueueItem {
  post: Post;
  space: { name: string; slug: string };
  /** The thread the post is or belongs to (for its link). */
  threadId: string;
  authorName: string;
  /** Open reports: how many, when the first came, and their reasons (newest first, up to 10). */
  reports: { count: number; firstAt: Date; reasons: { reason: string; at: Date }[] } | null;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
}

export interface ModerationQueue {
  reported: QueuePage;
  held: QueuePage;
}

const REASONS_SHOWN = 10;

export async function moderationQueue(db: Db, communityId: string, opts: { reportedCursor?: string; heldCursor?: string; limit?: number }): Promise<ModerationQueue> {
  const limit = opts.limit ?? 20;
  const reportedAfter = parseCursor(opts.reportedCursor, "reportedCursor");
  const heldAfter = parseCursor(opts.heldCursor, "heldCursor");
  const firstAt = sql<number>`min(${reports.createdAt})`.mapWith(Number);
  const [reportedRows, heldRows] = await db.batch([
    db
      .select({ postId: reports.postId, count: count(), firstAt })
      .from(reports)
      .where(and(eq(reports.communityId, communityId), isNull(reports.resolvedAt)))
      .groupBy(reports.postId)
      .having(reportedAfter ? pastCursor("asc", sql`min(${reports.createdAt})`, reports.postId, reportedAfter.at, reportedAfter.id) : undefined)
      .orderBy(sql`min(${reports.createdAt})`, asc(reports.postId))
      .limit(limit + 1),
    db
      .select({ id: posts.id })
      .from(posts)
      .where(
        and(
          eq(posts.communityId, communityId),
          eq(posts.status, "held"),
          isNull(posts.deletedAt),
          heldAfter ? pastCursor("asc", posts.createdAt, posts.id, heldAfter.at, heldAfter.id) : undefined,
        ),
      )
      .orderBy(asc(posts.createdAt), asc(posts.id))
      .limit(limit + 1),
  ]);
  const reported = reportedRows.slice(0, limit);
  const held = heldRows.slice(0, limit);
  const ids = [...new Set([...reported.map((r) => r.postId), ...held.map((h) => h.id)])];
  if (!ids.length) return { reported: { items: [], nextCursor: null }, held: { items: [], nextCursor: null } };
  const reportedIds = reported.length ? reported.map((r) => r.postId) : [""];
  // Up to REASONS_SHOWN newest reasons per post, however many reports one post gathered.
  const ranked = db
    .select({ postId: reports.postId, reason: reports.reason, at: reports.createdAt, rank: sql<number>`row_number() over (partition by ${reports.postId} order by ${reports.createdAt} desc)`.as("rank") })
    .from(reports)
    .where(and(inArray(reports.postId, reportedIds), isNull(reports.resolvedAt)))
    .as("ranked");
  const [postRows, reasonRows, nameRows] = await db.batch([
    db.select({ post: posts, spaceName: spaces.name, spaceSlug: spaces.slug }).from(posts).innerJoin(spaces, eq(spaces.id, posts.spaceId)).where(inArray(posts.id, ids)),
    db.select().from(ranked).where(lte(ranked.rank, REASONS_SHOWN)).orderBy(desc(ranked.at)),
    displayNamesQuery(db, communityId, db.select({ email: posts.authorEmail }).from(posts).where(inArray(posts.id, ids))),
  ]);
  const names = nameLookup(nameRows, communityId);
  const byId = new Map(postRows.map((r) => [r.post.id, r]));
  const item = (id: string, open: QueueItem["reports"]): QueueItem | null => {
    const row = byId.get(id);
    if (!row) return null;
    return { post: row.post, space: { name: row.spaceName, slug: row.spaceSlug }, threadId: row.post.parentId ?? row.post.id, authorName: names(row.post.authorEmail), reports: open };
  };
  const reasonsOf = (postId: string) => reasonRows.filter((r) => r.postId === postId).map((r) => ({ reason: r.reason, at: r.at }));
  const last = <T>(rows: T[]) => rows[rows.length - 1]!;
  return {
    reported: {
      items: reported.map((r) => item(r.postId, { count: r.count, firstAt: new Date(r.firstAt), reasons: reasonsOf(r.postId) })).filter((i): i is QueueItem => !!i),
      nextCursor: reportedRows.length > limit ? cursorOf(last(reported).firstAt, last(reported).postId) : null,
    },
    held: {
      items: held.map((h) => item(h.id, null)).filter((i): i is QueueItem => !!i),
      nextCursor: heldRows.length > limit ? cursorOf(byId.get(last(held).id)?.post.createdAt ?? 0, last(held).id) : null,
    },
  };
}
