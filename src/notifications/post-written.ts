import { and, asc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { communities, notifications, posts, spaces, threadFollows, type Post } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import type { Enqueue } from "../lib/queue";
import type { PostWrittenJob } from "../spaces/posts";
import { deliver, DELIVER_MAX, type About, type Recipient } from "./deliver";
import { isShown } from "./describe";
import { mentionedEmails } from "./mentions";

/**
 * The `post-written` job: a post or reply just became visible (written, or approved by a
 * moderator). A reply tells its thread's author (`reply`); any post tells the members it
 * mentions (`mention`); then a reply tells the thread's followers (`thread_reply`) a keyset page
 * at a time, each full page queueing the next, so no invocation holds a whole follower list.
 * Nobody is told about their own post, and each person gets one notification per post.
 */

/** A continuation carries the last follower already handled. */
export type PostWrittenPage = PostWrittenJob & { followersAfter?: string };

/** The post, its thread, space and community, found from the post id alone (one batch). */
export function aboutQueries(db: Db, postId: string) {
  const of = (column: SQL) => sql`(select ${column} from ${posts} where ${posts.id} = ${postId})`;
  return [
    db.select().from(posts).where(eq(posts.id, postId)),
    db.select().from(posts).where(eq(posts.id, threadOf(postId))),
    db.select().from(spaces).where(eq(spaces.id, of(sql`${posts.spaceId}`))),
    db.select().from(communities).where(eq(communities.id, of(sql`${posts.communityId}`))),
  ] as const;
}

type AboutRows = [Post[], Post[], (typeof spaces.$inferSelect)[], (typeof communities.$inferSelect)[]];

/** The loaded rows as an About, or null when the post is gone or no longer shown to readers. */
export function aboutFrom([post, thread, space, community]: AboutRows): About | null {
  const about = post[0] && thread[0] && space[0] && community[0] ? { post: post[0], thread: thread[0], space: space[0], community: community[0] } : null;
  return about && isShown(about.post) && isShown(about.thread) ? about : null;
}

/** The thread of a post (itself when it is one), as SQL: continuations know only the post id. */
export const threadOf = (postId: string) => sql`(select coalesce(${posts.parentId}, ${posts.id}) from ${posts} where ${posts.id} = ${postId})`;

type EmailPage = ReturnType<typeof followersPage> | ReturnType<typeof import("./polls").votersPage>;

/**
 * A keyset page of people attached to a post (followers of its thread, voters on its poll) and
 * which of them were already notified about `postId`: read in the same batch as the post.
 */
export function pageQueries(db: Db, postId: string, page: EmailPage) {
  return [page, db.select({ email: notifications.email }).from(notifications).where(and(eq(notifications.postId, postId), inArray(notifications.email, page)))] as const;
}

function followersPage(db: Db, postId: string, after: string | null) {
  return db
    .select({ email: threadFollows.email })
    .from(threadFollows)
    .where(and(eq(threadFollows.postId, threadOf(postId)), after ? gt(threadFollows.email, after) : undefined))
    .orderBy(asc(threadFollows.email))
    .limit(DELIVER_MAX);
}

/**
 * The direct notifications of a post that just became visible: the thread's author for a reply,
 * and the members it mentions (`mentioned`: emails, resolved by the caller). Returns emails sent.
 */
export async function notifyPostWritten(deps: Deps, about: About, mentioned: string[]): Promise<number> {
  const direct: Recipient[] = [
    ...(about.post.parentId ? [{ email: about.thread.authorEmail, kind: "reply" as const }] : []),
    ...mentioned.map((email) => ({ email, kind: "mention" as const })),
  ];
  return deliver(deps, about, direct, about.post.authorEmail);
}

export async function runPostWrittenJob(deps: Deps, job: PostWrittenPage, enqueue: Enqueue<PostWrittenPage>): Promise<number> {
  const { db } = deps;
  const first = job.followersAfter === undefined;
  const [post, thread, space, community, page, notified] = await db.batch([
    ...aboutQueries(db, job.postId),
    ...pageQueries(db, job.postId, followersPage(db, job.postId, job.followersAfter ?? null)),
  ]);
  const about = aboutFrom([post, thread, space, community]);
  if (!about) return 0;
  let sent = 0;
  const skip = new Set([about.post.authorEmail, about.thread.authorEmail, ...notified.map((n) => n.email)]);
  if (first) {
    const mentioned = await mentionedEmails(db, about.community.id, about.post.body);
    sent += await notifyPostWritten(deps, about, mentioned);
    for (const email of mentioned) skip.add(email.toLowerCase());
  }
  if (!about.post.parentId) return sent;
  const emails = page.map((r) => r.email);
  if (emails.length === DELIVER_MAX) await enqueue([{ kind: "post-written", postId: job.postId, followersAfter: emails.at(-1)! }]);
  const followers = emails.filter((e) => !skip.has(e)).map((email) => ({ email, kind: "thread_reply" as const }));
  return sent + (await deliver(deps, about, followers, about.post.authorEmail));
}
