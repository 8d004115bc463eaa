import { and, eq, sql, type SQLWrapper } from "drizzle-orm";
import { posts, type Post } from "../../drizzle";
import type { Db } from "../lib/db";
import { displayNameOf, displayNameSql } from "../profiles/names";
import { idOrSubquery } from "../lib/sql";

/**
 * One post (a thread or a reply) with its author's display name: the statement and its reading.
 * Small enough for the session's batch (src/auth/session-read.ts) to carry it under a thread's
 * pages and API, so whether the viewer may see the thread is known when the session is.
 */

export type PostWithAuthor = Post & { authorName: string };

/** The post by id inside a community (its id, or a subquery yielding it: the session's batch knows only the slug). */
export function postRead(db: Db, communityId: string | SQLWrapper, postId: string) {
  const community = idOrSubquery(communityId);
  return db
    .select({ post: posts, authorName: displayNameSql(posts.communityId, posts.authorEmail) })
    .from(posts)
    .where(and(eq(posts.id, postId.slice(0, 64)), sql`${posts.communityId} = ${community}`))
    .limit(1);
}

export type PostRows = readonly { post: Post; authorName: string | null }[];

/** The post `postRead` found, or null (none, or a reply where only threads count). */
export function postFrom(rows: PostRows, threadsOnly = false): PostWithAuthor | null {
  const row = rows[0];
  if (!row || (threadsOnly && row.post.parentId != null)) return null;
  return { ...row.post, authorName: displayNameOf(row.authorName) };
}
