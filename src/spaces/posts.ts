import { and, eq, sql, type SQL } from "drizzle-orm";
import { memberPostCounts, pollOptions, polls, postFiles, posts, spaces, threadFollows, type Post, type Space, type SpaceSettings } from "../../drizzle";
import type { Deps, Env } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { enqueueTo, type Enqueue } from "../lib/queue";
import { postHiddenAwardStatements, postShownAwardStatements } from "../honours/points";
import { enforceLimits } from "../lib/rate-limit";
import { parseOrThrow } from "../lib/validation";
import type { Access } from "../memberships/access";
import { recordActivity } from "../activity/record";
import { spaceRights } from "./rules";
import { postInputSchema, replyInputSchema } from "./schemas";

/**
 * Writing posts and replies. Each write is one batch: the post, its poll, its files, the author's
 * follow of the thread, the activity record, the space's and thread's counters and, for new
 * members, the posting counter that decides whether the post is held. Nothing is half-written,
 * and the hold rule is decided inside the batch (see `statusSql`), so parallel first posts
 * cannot all slip past "hold the first N posts".
 */

/** Told to the notification jobs once a post is visible: replies, mentions, followers. */
export interface PostWrittenJob {
  kind: "post-written";
  postId: string;
}

/** Where pages and the API send post-written jobs: the app's one queue (src/jobs.ts routes them). */
export const postJobs = (env: Pick<Env, "JOBS">): Enqueue<PostWrittenJob> => enqueueTo(env.JOBS);

export interface WriteContext {
  community: { id: string };
  space: Space;
  access: Access;
  muted: boolean;
  settings: SpaceSettings;
}

/** A file already stored in R2 (the caller checked and uploaded it), recorded with the post. */
export interface Attachment {
  r2Key: string;
  filename: string;
  contentType: string;
  size: number;
}

export const DEFAULT_SPACE_SETTINGS: Omit<SpaceSettings, "communityId" | "updatedAt"> = {
  holdFirstPosts: 0,
  holdLinksDays: 0,
  postsPerHour: 20,
  editMinutes: 30,
};

const LINK = /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\.|\]\(\s*[a-z][a-z0-9+.-]*:/i;

export function hasLink(text: string): boolean {
  return LINK.test(text);
}

/** Why a reader may not post here (shown on the page in place of the form), or null when they may. */
export function postRefusal(ctx: Pick<WriteContext, "access" | "space" | "muted">): string | null {
  if (spaceRights(ctx.access, ctx.space, { muted: ctx.muted }).post) return null;
  if (ctx.muted) return "You are muted in this community: you can read, but not post, reply, react or vote";
  if (ctx.space.archivedAt) return "This space is archived";
  return ctx.space.postKind === "staff" ? "Only the team posts in this space" : "Your tier can read this space but not post in it";
}

function refuseUnlessMayPost(ctx: WriteContext): void {
  if (!spaceRights(ctx.access, ctx.space, { muted: ctx.muted }).read) throw AppError.notFound("Space");
  const refusal = postRefusal(ctx);
  if (refusal) throw AppError.forbidden(refusal);
}

/** The owner's posting limit per member and hour (staff are not limited). */
async function enforcePostingLimit(deps: Pick<Deps, "db" | "now">, ctx: WriteContext): Promise<void> {
  if (ctx.access.role !== "member" || ctx.settings.postsPerHour <= 0) return;
  await enforceLimits(deps, [
    {
      name: `posts:${ctx.community.id}`,
      subject: ctx.access.email!,
      limit: ctx.settings.postsPerHour,
      windowSeconds: 3600,
      message: `This community allows ${ctx.settings.postsPerHour} posts and replies an hour.`,
    },
  ]);
}

interface Hold {
  /** Held for certain (a link from a young account), or null to let the counter decide. */
  fixed: "links" | null;
  /** Hold when the author's running count of written posts is at most this (0: never). */
  firstPosts: number;
}

export function holdFor(ctx: Pick<WriteContext, "access" | "settings">, text: string, now: Date): Hold {
  if (ctx.access.role !== "member") return { fixed: null, firstPosts: 0 };
  const joined = ctx.access.membership?.joinedAt ?? ctx.access.membership?.createdAt ?? now;
  const ageDays = (now.getTime() - joined.getTime()) / 86_400_000;
  if (ctx.settings.holdLinksDays > 0 && ageDays < ctx.settings.holdLinksDays && hasLink(text)) return { fixed: "links", firstPosts: 0 };
  return { fixed: null, firstPosts: ctx.settings.holdFirstPosts };
}

/**
 * The new post's status and held reason as SQL over the posting counter the same batch has just
 * incremented: D1 runs a batch as one transaction, so each parallel post reads its own count.
 */
function statusSql(hold: Hold, communityId: string, email: string) {
  if (hold.fixed) return { status: sql`'held'`, heldReason: sql`${hold.fixed}` };
  if (hold.firstPosts <= 0) return { status: sql`'visible'`, heldReason: sql`null` };
  const written = sql`(select ${memberPostCounts.written} from ${memberPostCounts} where ${memberPostCounts.communityId} = ${communityId} and ${memberPostCounts.email} = ${email})`;
  return {
    status: sql`case when ${written} <= ${hold.firstPosts} then 'held' else 'visible' end`,
    heldReason: sql`case when ${written} <= ${hold.firstPosts} then 'first_posts' else null end`,
  };
}

function countWritten(db: Db, communityId: string, email: string) {
  return db
    .insert(memberPostCounts)
    .values({ communityId, email, written: 1 })
    .onConflictDoUpdate({ target: [memberPostCounts.communityId, memberPostCounts.email], set: { written: sql`${memberPostCounts.written} + 1` } });
}

/**
 * What a post's becoming visible changes: the space's thread count and freshness, or the thread's
 * reply count and activity. Guarded by the post's status so it applies only if the post is
 * visible when the batch runs; moderation calls it again when it approves a held post, adding
 * `when` (a condition only the batch that changed the status meets) so a double submit counts once.
 */
export function visibleEffects(db: Db, post: Pick<Post, "id" | "spaceId" | "parentId">, at: Date, when?: SQL) {
  const visibleNow = sql`exists (select 1 from ${posts} p where p.id = ${post.id} and p.status = 'visible' and p.deleted_at is null)`;
  const isVisible = when ? sql`${visibleNow} and ${when}` : visibleNow;
  const freshness = sql`max(coalesce(${spaces.lastPostAt}, 0), ${at.getTime()})`;
  // Reactions given while it was shown earn their points again (nothing for a new post).
  const points = postShownAwardStatements(db, post.id, when);
  if (!post.parentId) {
    return [db.update(spaces).set({ threadCount: sql`${spaces.threadCount} + 1`, lastPostAt: freshness }).where(and(eq(spaces.id, post.spaceId), isVisible)), ...points];
  }
  return [
    db.update(spaces).set({ lastPostAt: freshness }).where(and(eq(spaces.id, post.spaceId), isVisible)),
    db
      .update(posts)
      .set({ replyCount: sql`${posts.replyCount} + 1`, lastActivityAt: sql`max(${posts.lastActivityAt}, ${at.getTime()})` })
      .where(and(eq(posts.id, post.parentId), isVisible)),
    ...points,
  ];
}

/**
 * The counters a visible post stops counting toward when it is removed or deleted. `when` limits
 * them to the batch that really hides it (moderation: "still visible" before its status update).
 */
export function hiddenEffects(db: Db, post: Pick<Post, "id" | "spaceId" | "parentId">, when?: SQL) {
  // The points its reactions earned go with it (given back by visibleEffects if it is restored).
  const points = postHiddenAwardStatements(db, post.id, when);
  if (!post.parentId) return [db.update(spaces).set({ threadCount: sql`max(0, ${spaces.threadCount} - 1)` }).where(and(eq(spaces.id, post.spaceId), when)), ...points];
  return [db.update(posts).set({ replyCount: sql`max(0, ${posts.replyCount} - 1)` }).where(and(eq(posts.id, post.parentId), when)), ...points];
}

function follow(db: Db, postId: string, email: string, at: Date) {
  return db.insert(threadFollows).values({ postId, email, createdAt: at }).onConflictDoNothing();
}

export async function createPost(
  deps: Pick<Deps, "db" | "now">,
  enqueue: Enqueue<PostWrittenJob>,
  ctx: WriteContext,
  raw: unknown,
  attachments: Attachment[] = [],
): Promise<Post> {
  const input = parseOrThrow(postInputSchema, raw);
  const now = deps.now();
  const closesAt = input.poll?.closesAt ? new Date(input.poll.closesAt) : null;
  if (closesAt && closesAt <= now) throw AppError.validation([{ field: "poll.closesAt", message: "The closing time must be in the future" }]);
  refuseUnlessMayPost(ctx);
  await enforcePostingLimit(deps, ctx);
  const email = ctx.access.email!;
  const id = newId("post");
  const db = deps.db;
  const hold = holdFor(ctx, `${input.title ?? ""}\n${input.body}`, now);
  const row = { id, communityId: ctx.community.id, spaceId: ctx.space.id, parentId: null, authorEmail: email, title: input.title, body: input.body, lastActivityAt: now, createdAt: now, updatedAt: now };
  const poll = input.poll
    ? [
        db.insert(polls).values({ postId: id, communityId: ctx.community.id, question: input.poll.question || input.title || "Poll", kind: input.poll.kind, results: input.poll.results, closesAt, createdAt: now }),
        db.insert(pollOptions).values(input.poll.options.map((label, position) => ({ id: newId("opt"), postId: id, position, label }))),
      ]
    : [];
  const results = await db.batch([
    countWritten(db, ctx.community.id, email),
    db.insert(posts).values({ ...row, ...statusSql(hold, ctx.community.id, email) }).returning(),
    ...poll,
    ...attachments.map((a) => db.insert(postFiles).values({ id: newId("pfile"), postId: id, ...a, createdAt: now })),
    follow(db, id, email, now),
    recordActivity(db, ctx.community.id, email, now, "posts"),
    ...visibleEffects(db, row, now),
  ]);
  const post = (results[1] as Post[])[0]!;
  if (post.status === "visible") await enqueue([{ kind: "post-written", postId: id }]);
  return post;
}

/**
 * A reply to a thread. Replies are one level deep: answering a reply answers its thread. Locked
 * threads take replies from staff only.
 */
export async function createReply(
  deps: Pick<Deps, "db" | "now">,
  enqueue: Enqueue<PostWrittenJob>,
  ctx: WriteContext,
  thread: Post,
  raw: unknown,
): Promise<Post> {
  const input = parseOrThrow(replyInputSchema, raw);
  refuseUnlessMayPost(ctx);
  if (thread.parentId || thread.spaceId !== ctx.space.id) throw AppError.notFound("Thread");
  const staff = ctx.access.role !== "member";
  if (thread.deletedAt || thread.status === "removed" || (thread.status === "held" && !staff)) throw AppError.notFound("Thread");
  if (thread.lockedAt && !staff) throw AppError.forbidden("This thread is locked: it takes no more replies");
  await enforcePostingLimit(deps, ctx);
  const now = deps.now();
  const email = ctx.access.email!;
  const db = deps.db;
  const hold = holdFor(ctx, input.body, now);
  const row = { id: newId("post"), communityId: ctx.community.id, spaceId: ctx.space.id, parentId: thread.id, authorEmail: email, title: null, body: input.body, lastActivityAt: now, createdAt: now, updatedAt: now };
  const results = await db.batch([
    countWritten(db, ctx.community.id, email),
    db.insert(posts).values({ ...row, ...statusSql(hold, ctx.community.id, email) }).returning(),
    follow(db, thread.id, email, now),
    recordActivity(db, ctx.community.id, email, now, "replies"),
    ...visibleEffects(db, row, now),
  ]);
  const reply = (results[1] as Post[])[0]!;
  if (reply.status === "visible") await enqueue([{ kind: "post-written", postId: reply.id }]);
  return reply;
}
