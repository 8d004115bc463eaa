import { and, asc, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { posts, spaceReads, spaces, type ActivityMode, type Community, type Drop } from "../../drizzle";
import { recordVisit } from "../activity/record";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { feedFrom, feedReads, pageLimit, pageWindow, parseCursor, type Feed } from "../content/feed";
import { feedTokenQuery, prefsQuery } from "../content/prefs";
import { readerOf } from "../content/release";
import type { Access } from "../memberships/access";
import { readableSpacesSql } from "../spaces/rules";
import { UNREAD_CAP, unreadNotificationsQuery } from "../notifications/queries";
import { excerptOf } from "../content/emails";
import { displayNameOf, displayNameSql } from "../profiles/names";
import { qualified } from "../lib/sql";
import { pastCursor } from "../lib/cursor";

/**
 * The community's front page for one person, read in ONE batch (the session's batch before it
 * already brought the community and the access): the readable spaces with unread counts, the
 * newest member threads in them, the drop feed as the content gate gives it, the RSS link, the
 * email choice, and today's visit recorded. Every statement is an index range with a LIMIT, so
 * the page costs the same at 100 members as at 20,000.
 */

export type FrontSort = "new" | "active";

export interface SpaceEntry {
  slug: string;
  name: string;
  emoji: string;
  /** Posts and replies by others since the person last opened the space, capped at UNREAD_CAP. */
  unread: number;
}

export type FrontItem =
  | { kind: "post"; at: Date; id: string; space: { slug: string; name: string; emoji: string }; title: string; excerpt: string; author: string; replies: number; reactions: number; createdAt: Date; lastActivityAt: Date }
  | { kind: "drop"; at: Date; id: string; drop: Drop; unlockAt: Date };

export interface FrontPage {
  spaces: SpaceEntry[];
  items: FrontItem[];
  /** The drop feed's own parts that stay as they were: teasers and the topics of the filter. */
  drops: Feed;
  /** Pass as `before` for the next page; null on the last one. */
  next: string | null;
  feedToken: string | null;
  notifyMode: "each" | "weekly" | "off";
  activityMode: ActivityMode;
  /** Unread notifications, capped at UNREAD_CAP. */
  unreadNotifications: number;
}

export interface FrontOptions {
  sort: FrontSort;
  topic: string | null;
  before: string | null;
  limit?: number;
}

const MAX_SPACES = 50;

function unreadSql(email: string): SQL<number> {
  const spaceId = qualified(spaces.id);
  const lastRead = sql`coalesce((select r.last_read_at from ${spaceReads} r where r.space_id = ${spaceId} and r.email = ${email}), 0)`;
  // Walks posts_space_recent_idx from the last visit forward and stops at the cap.
  return sql<number>`(select count(*) from (select 1 from ${posts} p where p.space_id = ${spaceId} and p.created_at > ${lastRead}
    and p.status = 'visible' and p.deleted_at is null and p.author_email <> ${email} limit ${UNREAD_CAP}))`;
}

function spacesRead(db: Db, communityId: string, email: string, readable: SQL | undefined) {
  return db
    .select({ slug: spaces.slug, name: spaces.name, emoji: spaces.emoji, unread: unreadSql(email) })
    .from(spaces)
    .where(and(eq(spaces.communityId, communityId), isNull(spaces.archivedAt), readable))
    .orderBy(asc(spaces.position), asc(spaces.name))
    .limit(MAX_SPACES);
}

function threadsRead(db: Db, communityId: string, readable: SQL | undefined, opts: FrontOptions, limit: number) {
  const column = opts.sort === "active" ? posts.lastActivityAt : posts.createdAt;
  const cursor = parseCursor(opts.before);
  return db
    .select({
      id: posts.id,
      title: posts.title,
      excerpt: sql<string>`substr(${posts.body}, 1, 300)`,
      replies: posts.replyCount,
      reactions: posts.reactionCount,
      createdAt: posts.createdAt,
      lastActivityAt: posts.lastActivityAt,
      spaceSlug: spaces.slug,
      spaceName: spaces.name,
      spaceEmoji: spaces.emoji,
      author: displayNameSql(posts.communityId, posts.authorEmail),
    })
    .from(posts)
    .innerJoin(spaces, eq(spaces.id, posts.spaceId))
    .where(
      and(
        eq(posts.communityId, communityId),
        isNull(posts.parentId),
        eq(posts.status, "visible"),
        isNull(posts.deletedAt),
        isNull(spaces.archivedAt),
        readable,
        cursor ? pastCursor("desc", column, posts.id, cursor.at, cursor.id) : undefined,
      ),
    )
    .orderBy(desc(column), desc(posts.id))
    .limit(limit + 1);
}

const key = (i: FrontItem) => `${String(i.at.getTime()).padStart(15, "0")}:${i.id}`;
const cursorOf = (i: FrontItem) => `${i.at.getTime()}:${i.id}`;

export async function frontPage(deps: Pick<Deps, "db" | "now">, community: Pick<Community, "id">, access: Access, opts: FrontOptions): Promise<FrontPage | null> {
  const reader = readerOf(access);
  if (!reader || !access.email) return null;
  const { db } = deps;
  const now = deps.now();
  const email = access.email;
  const limit = pageLimit(opts.limit);
  const readable = readableSpacesSql(access);
  const mayReadSpaces = readable !== null;
  const showThreads = mayReadSpaces && !opts.topic;
  const dropOpts = { topic: opts.topic, before: opts.before, limit, window: pageWindow(limit), withoutBodies: true };
  const [dropRows, targetRows, topicRows, tokenRows, prefRows, ...rest] = await db.batch([
    ...feedReads(db, community.id, reader, now, dropOpts),
    feedTokenQuery(db, community.id, email),
    prefsQuery(db, community.id, email),
    spacesRead(db, community.id, email, mayReadSpaces ? readable : sql`0`),
    threadsRead(db, community.id, mayReadSpaces ? readable : sql`0`, opts, showThreads ? limit : 0),
    recordVisit(db, community.id, email, now),
    unreadNotificationsQuery(db, community.id, access),
  ]);
  const [spaceRows, threadRows, , unreadRows] = rest as unknown as [SpaceEntry[], ThreadRow[], unknown, { n: number }[]];
  const drops = feedFrom([dropRows, targetRows, topicRows], reader, now, dropOpts);
  const { items, next } = merge(drops, showThreads ? threadRows : [], limit, opts.sort);
  return {
    spaces: spaceRows.map((s) => ({ ...s, unread: Number(s.unread) })),
    items,
    drops,
    next,
    feedToken: tokenRows[0]?.token ?? null,
    notifyMode: prefRows[0]?.mode ?? "each",
    activityMode: prefRows[0]?.activityMode ?? "each",
    unreadNotifications: Number(unreadRows[0]?.n ?? 0),
  };
}

type ThreadRow = Awaited<ReturnType<typeof threadsRead>>[number];

/**
 * Drops and threads in one order (newest first, or threads by latest activity; drops always by
 * publish time), `limit` at a time. The drop feed looks at a bounded window of candidates; when it
 * stopped short of a full page, nothing older than that window is shown yet, so no drop between
 * it and older threads is skipped: the next page starts there.
 */
function merge(drops: Feed, threads: ThreadRow[], limit: number, sort: FrontSort): { items: FrontItem[]; next: string | null } {
  const dropItems: FrontItem[] = drops.items.map((d) => ({ kind: "drop", at: d.drop.publishAt!, id: d.drop.id, drop: d.drop, unlockAt: d.unlockAt }));
  const threadItems: FrontItem[] = threads.map((t) => ({
    kind: "post",
    at: sort === "active" ? t.lastActivityAt : t.createdAt,
    id: t.id,
    space: { slug: t.spaceSlug, name: t.spaceName, emoji: t.spaceEmoji },
    title: t.title ?? "",
    excerpt: excerptOf(t.excerpt, 200),
    author: displayNameOf(t.author),
    replies: t.replies,
    reactions: t.reactions,
    createdAt: t.createdAt,
    lastActivityAt: t.lastActivityAt,
  }));
  const window = drops.nextBefore && drops.items.length < limit ? parseCursor(drops.nextBefore) : null;
  const floor = window ? `${String(window.at).padStart(15, "0")}:${window.id}` : null;
  const merged = [...dropItems, ...threadItems].sort((a, b) => (key(a) < key(b) ? 1 : -1)).filter((i) => !floor || key(i) >= floor);
  const items = merged.slice(0, limit);
  const more = merged.length > limit || threads.length > limit || drops.nextBefore != null;
  if (!more) return { items, next: null };
  if (items.length === limit) return { items, next: cursorOf(items[limit - 1]!) };
  return { items, next: drops.nextBefore };
}
