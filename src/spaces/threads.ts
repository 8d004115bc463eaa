import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { pollOptions, polls, pollVotes, postFiles, postReactions, posts, spaceReads, threadFollows, type Post } from "../../drizzle";
import { recordActivity } from "../activity/record";
import type { Deps } from "../env";
import type { BatchItem, Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { once } from "../lib/lazy-fields";
import { displayNameOf, displayNameSql } from "../profiles/names";
import { pastCursor } from "../lib/cursor";
import { postFrom, postRead, type PostWithAuthor } from "./post-read";

/**
 * Reading a space and a thread. A space page is a keyset page (a cursor of the last row's time
 * and id walks the index, so page 500 costs what page 1 does); a thread page is one batch after
 * the thread itself. Counts come from the counters the writes keep, never from counting rows.
 */

export const THREADS_PER_PAGE = 20;
export const MAX_REPLIES_SHOWN = 500;
const EXCERPT_CHARS = 280;

export const THREAD_SORTS = ["new", "active"] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];

export interface Cursor {
  at: number;
  id: string;
}

/** "<ms>.<post id>": the sort time and id of the last thread on the previous page. */
export function encodeCursor(row: { id: string; createdAt: Date; lastActivityAt: Date }, sort: ThreadSort): string {
  return `${(sort === "active" ? row.lastActivityAt : row.createdAt).getTime()}.${row.id}`;
}

export function parseCursor(raw: string | undefined | null): Cursor | null {
  if (!raw) return null;
  const m = /^(\d{1,15})\.(post_[0-9a-z]{1,40})$/.exec(raw);
  if (!m) throw AppError.validation([{ field: "cursor", message: "Use the cursor from the previous page" }]);
  return { at: Number(m[1]), id: m[2]! };
}

const listColumns = once(() => ({
  id: posts.id,
  spaceId: posts.spaceId,
  title: posts.title,
  excerpt: sql<string>`substr(${posts.body}, 1, ${EXCERPT_CHARS})`,
  authorEmail: posts.authorEmail,
  authorName: displayNameSql(posts.communityId, posts.authorEmail),
  status: posts.status,
  heldReason: posts.heldReason,
  removedReason: posts.removedReason,
  replyCount: posts.replyCount,
  reactionCount: posts.reactionCount,
  pinnedAt: posts.pinnedAt,
  lockedAt: posts.lockedAt,
  createdAt: posts.createdAt,
  lastActivityAt: posts.lastActivityAt,
}));
export type ThreadSummary = { [K in keyof ReturnType<typeof listColumns>]: K extends "excerpt" | "authorName" ? string : Post[K & keyof Post] };

const visibleThreads = (spaceId: string) => and(eq(posts.spaceId, spaceId), isNull(posts.parentId), eq(posts.status, "visible"), isNull(posts.deletedAt));

/** One page of a space's unpinned visible threads after `cursor`, newest or most recently active first. */
export function threadPageQuery(db: Db, spaceId: string, sort: ThreadSort, cursor: Cursor | null, limit = THREADS_PER_PAGE) {
  const column = sort === "active" ? posts.lastActivityAt : posts.createdAt;
  const after = cursor ? pastCursor("desc", column, posts.id, cursor.at, cursor.id) : undefined;
  return db
    .select(listColumns())
    .from(posts)
    .where(and(visibleThreads(spaceId), isNull(posts.pinnedAt), after))
    .orderBy(desc(column), desc(posts.id))
    .limit(limit + 1);
}

/** A space's pinned threads (first page only): read off the partial index of pinned posts, not by walking the space. */
export function pinnedThreadsQuery(db: Db, spaceId: string, first = true) {
  return db.select(listColumns()).from(posts).where(and(visibleThreads(spaceId), isNotNull(posts.pinnedAt), first ? undefined : sql`0`)).orderBy(desc(posts.pinnedAt)).limit(10);
}

export interface SpacePage {
  pinned: ThreadSummary[];
  threads: ThreadSummary[];
  /** The viewer's own threads waiting for a moderator or removed, shown to them alone. */
  mine: ThreadSummary[];
  next: string | null;
  /** The results of `alongside`, in order. */
  alongside: unknown[];
}

/**
 * A space page in one round trip: pinned threads (first page only), one keyset page, the viewer's
 * own held or removed threads, and the viewer's read marker moved to now.
 */
export async function spacePage(
  deps: Pick<Deps, "db" | "now">,
  input: { communityId: string; spaceId: string; email: string; sort: ThreadSort; cursor: Cursor | null; limit?: number },
  /** More reads for the page's own batch (the welcome draft's), so they cost no round trip. */
  alongside: BatchItem[] = [],
): Promise<SpacePage> {
  const db = deps.db;
  const limit = input.limit ?? THREADS_PER_PAGE;
  const first = !input.cursor;
  const email = input.email.toLowerCase();
  const now = deps.now();
  // Pinned and own pending threads head the first page only; later pages send the same statements
  // with a false condition (one batch shape, no rows read).
  const [page, pinned, mine, , ...extra] = await db.batch([
    threadPageQuery(db, input.spaceId, input.sort, input.cursor, limit),
    pinnedThreadsQuery(db, input.spaceId, first),
    db
      .select(listColumns())
      .from(posts)
      .where(and(eq(posts.communityId, input.communityId), eq(posts.authorEmail, email), eq(posts.spaceId, input.spaceId), isNull(posts.parentId), ne(posts.status, "visible"), isNull(posts.deletedAt), first ? undefined : sql`0`))
      .orderBy(desc(posts.createdAt))
      .limit(10),
    db.insert(spaceReads).values({ spaceId: input.spaceId, email, lastReadAt: now }).onConflictDoUpdate({ target: [spaceReads.spaceId, spaceReads.email], set: { lastReadAt: now } }),
    ...alongside,
  ]);
  const more = page.length > limit;
  const named = (rows: ThreadSummary[]) => rows.map((r) => ({ ...r, authorName: displayNameOf(r.authorName) }));
  const threads = named((page as ThreadSummary[]).slice(0, limit));
  return { pinned: named(pinned as ThreadSummary[]), threads, mine: named(mine as ThreadSummary[]), next: more ? encodeCursor(threads[threads.length - 1]!, input.sort) : null, alongside: extra };
}

export type { PostWithAuthor } from "./post-read";

/** A post or reply by id inside a community, with its author's name. */
export async function getPostWithAuthor(db: Db, communityId: string, postId: string, threadsOnly = false): Promise<PostWithAuthor | null> {
  return postFrom(await postRead(db, communityId, postId), threadsOnly);
}


export async function getPostFile(db: Db, postId: string, fileId: string): Promise<typeof postFiles.$inferSelect> {
  const file = await db.select().from(postFiles).where(and(eq(postFiles.id, fileId.slice(0, 64)), eq(postFiles.postId, postId))).get();
  if (!file) throw AppError.notFound("File");
  return file;
}

export interface ThreadDetail {
  replies: PostWithAuthor[];
  files: (typeof postFiles.$inferSelect)[];
  poll: (typeof polls.$inferSelect & { options: (typeof pollOptions.$inferSelect)[]; mine: string[] }) | null;
  /** Per post id: emoji -> count, and the viewer's own. */
  reactions: Map<string, { counts: Record<string, number>; mine: Set<string> }>;
  following: boolean;
}

/**
 * Everything on a thread page besides the thread, in one batch with the recording of the view:
 * the replies the viewer may see (visible ones; their own held or removed ones; all for staff),
 * files, the poll with the viewer's votes, reactions by post, the follow.
 */
export async function threadDetail(
  deps: Pick<Deps, "db" | "now">,
  thread: Post,
  viewer: { email: string; staff: boolean; recordView: boolean },
): Promise<ThreadDetail> {
  const db = deps.db;
  const email = viewer.email.toLowerCase();
  const seen = viewer.staff ? undefined : or(eq(posts.status, "visible"), eq(posts.authorEmail, email));
  const threadPosts = db.select({ id: posts.id }).from(posts).where(or(eq(posts.id, thread.id), eq(posts.parentId, thread.id)));
  const [replyRows, files, pollRows, options, votes, counts, mine, follows] = await db.batch([
    db
      .select({ post: posts, authorName: displayNameSql(posts.communityId, posts.authorEmail) })
      .from(posts)
      .where(and(eq(posts.parentId, thread.id), isNull(posts.deletedAt), seen))
      .orderBy(asc(posts.createdAt), asc(posts.id))
      .limit(MAX_REPLIES_SHOWN),
    db.select().from(postFiles).where(eq(postFiles.postId, thread.id)).orderBy(asc(postFiles.createdAt)),
    db.select().from(polls).where(eq(polls.postId, thread.id)),
    db.select().from(pollOptions).where(eq(pollOptions.postId, thread.id)).orderBy(asc(pollOptions.position)),
    db.select({ optionId: pollVotes.optionId }).from(pollVotes).where(and(eq(pollVotes.postId, thread.id), eq(pollVotes.email, email))),
    db
      .select({ postId: postReactions.postId, emoji: postReactions.emoji, n: sql<number>`count(*)` })
      .from(postReactions)
      .where(inArray(postReactions.postId, threadPosts))
      .groupBy(postReactions.postId, postReactions.emoji),
    db.select({ postId: postReactions.postId, emoji: postReactions.emoji }).from(postReactions).where(and(eq(postReactions.email, email), inArray(postReactions.postId, threadPosts))),
    db.select({ email: threadFollows.email }).from(threadFollows).where(and(eq(threadFollows.postId, thread.id), eq(threadFollows.email, email))),
    // The view counts toward the activity record; staff reading to moderate are not members' activity.
    ...(viewer.recordView ? [recordActivity(db, thread.communityId, email, deps.now(), "threadViews")] : []),
  ]);
  const reactions = new Map<string, { counts: Record<string, number>; mine: Set<string> }>();
  const entry = (id: string) => reactions.get(id) ?? reactions.set(id, { counts: {}, mine: new Set() }).get(id)!;
  for (const r of counts) entry(r.postId).counts[r.emoji] = Number(r.n);
  for (const r of mine) entry(r.postId).mine.add(r.emoji);
  const poll = pollRows[0] ? { ...pollRows[0], options, mine: votes.map((v) => v.optionId) } : null;
  return { replies: replyRows.map((r) => ({ ...r.post, authorName: displayNameOf(r.authorName) })), files, poll, reactions, following: follows.length > 0 };
}
