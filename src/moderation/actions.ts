import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { auditLog, memberships, posts, reports, type Community, type Post } from "../../drizzle";
import { isOperator } from "../auth/roles";
import { isMutedSql, muteStatement } from "../content/interaction";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import type { Enqueue } from "../lib/queue";
import { parseOrThrow } from "../lib/validation";
import type { ActionOutcome } from "../members/billing";
import { banMember } from "../members/bans";
import { auditWhere, liveStatusSql, requireReason } from "../members/guards";
import { removeMember } from "../members/removal";
import { staffRoleOf } from "../members/staff";
import { hiddenEffects, visibleEffects, type PostWrittenJob } from "../spaces/posts";
import { muteAuthorInputSchema, noteInputSchema, removeInputSchema } from "./schemas";

/**
 * What staff do from the moderation queue. Each action is one batch whose every statement is
 * guarded by the state it changes (`status = 'held'`, "still visible", "reports still open"),
 * with its audit entry guarded the same way: a double submit, or two moderators pressing at
 * once, changes things and writes the log exactly once, and the loser gets `changed: false`.
 */

export interface Moderator {
  community: Pick<Community, "id">;
  /** The staff member acting, for the audit log and the post's removed_by. */
  email: string;
}


const postExists = (id: string, condition: SQL) => sql`exists (select 1 from ${posts} where ${posts.id} = ${id} and ${condition})`;
const auditWritten = (id: string) => sql`exists (select 1 from ${auditLog} where ${auditLog.id} = ${id})`;
const openReports = (postId: string) => sql`exists (select 1 from ${reports} where ${reports.postId} = ${postId} and ${reports.resolvedAt} is null)`;

async function postOf(db: Db, communityId: string, postId: string): Promise<Post> {
  const post = await db.query.posts.findFirst({ where: and(eq(posts.id, postId.slice(0, 64)), eq(posts.communityId, communityId)) });
  if (!post) throw AppError.notFound("Post");
  return post;
}

function resolveReports(db: Db, postId: string, resolution: "kept" | "removed", actor: string, at: Date, when?: SQL) {
  return db
    .update(reports)
    .set({ resolution, resolvedBy: actor, resolvedAt: at })
    .where(and(eq(reports.postId, postId), isNull(reports.resolvedAt), when))
    .returning({ id: reports.id });
}

const detailOf = (post: Post) => ({ postId: post.id, spaceId: post.spaceId, threadId: post.parentId ?? post.id });

/**
 * Approves a held post: it becomes visible, counts toward its space or thread once (the counters
 * move only in the batch whose audit entry was written, i.e. the one that changed the status), its
 * open reports are closed as kept, and the notification jobs hear about it as about a new post.
 */
export async function approvePost(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<PostWrittenJob>, by: Moderator, postId: string, raw: unknown = {}): Promise<ActionOutcome> {
  const { reason } = parseOrThrow(noteInputSchema, raw);
  const post = await postOf(deps.db, by.community.id, postId);
  if (post.status === "removed") throw AppError.conflict("This post was removed; it cannot be approved");
  if (post.deletedAt) throw AppError.conflict("The author deleted this post");
  const db = deps.db;
  const at = deps.now();
  const auditId = newId("aud");
  const audit = { communityId: by.community.id, actor: by.email, action: "post.approved", subject: post.authorEmail, reason, detail: { ...detailOf(post), heldReason: post.heldReason }, at };
  const [, updated] = await db.batch([
    auditWhere(db, audit, postExists(post.id, sql`${posts.status} = 'held' and ${posts.deletedAt} is null`), auditId),
    db
      .update(posts)
      .set({ status: "visible", updatedAt: at })
      .where(and(eq(posts.id, post.id), eq(posts.status, "held"), isNull(posts.deletedAt)))
      .returning({ id: posts.id }),
    ...visibleEffects(db, post, at, auditWritten(auditId)),
    resolveReports(db, post.id, "kept", by.email, at, auditWritten(auditId)),
  ]);
  if (!updated.length) return { changed: false };
  await enqueue([{ kind: "post-written", postId: post.id }]);
  return { changed: true };
}

/** Dismisses a post's open reports: staff looked and it stays. */
export async function keepPost(deps: Pick<Deps, "db" | "now">, by: Moderator, postId: string, raw: unknown = {}): Promise<ActionOutcome> {
  const { reason } = parseOrThrow(noteInputSchema, raw);
  const post = await postOf(deps.db, by.community.id, postId);
  const at = deps.now();
  const audit = { communityId: by.community.id, actor: by.email, action: "post.kept", subject: post.authorEmail, reason, detail: detailOf(post), at };
  const [, resolved] = await deps.db.batch([auditWhere(deps.db, audit, openReports(post.id)), resolveReports(deps.db, post.id, "kept", by.email, at)]);
  return { changed: resolved.length > 0 };
}

/**
 * Removes a post: gone for everyone at once (pages and the API show visible posts only, and the
 * search triggers drop it from the index in the same transaction); the row stays with the reason,
 * which its author is shown. The counters give it back only if it was visible when the batch ran.
 */
export async function removePost(deps: Pick<Deps, "db" | "now">, by: Moderator, postId: string, raw: unknown): Promise<ActionOutcome> {
  const { reason } = parseOrThrow(removeInputSchema, raw);
  const post = await postOf(deps.db, by.community.id, postId);
  const db = deps.db;
  const at = deps.now();
  const audit = { communityId: by.community.id, actor: by.email, action: "post.removed", subject: post.authorEmail, reason, detail: detailOf(post), at };
  const results = await db.batch([
    // Both before the status update, so they see the status the post had.
    auditWhere(db, audit, postExists(post.id, sql`${posts.status} in ('visible', 'held')`)),
    ...hiddenEffects(db, post, postExists(post.id, sql`${posts.status} = 'visible' and ${posts.deletedAt} is null`)),
    db
      .update(posts)
      .set({ status: "removed", removedReason: reason, removedBy: by.email, removedAt: at, updatedAt: at })
      .where(and(eq(posts.id, post.id), inArray(posts.status, ["visible", "held"])))
      .returning({ id: posts.id }),
    resolveReports(db, post.id, "removed", by.email, at),
  ]);
  const updated = results[results.length - 2] as { id: string }[];
  return { changed: updated.length > 0 };
}

/** Staff cannot be muted (they post everywhere regardless); neither can operators. */
async function refuseStaff(deps: Pick<Deps, "db" | "config">, communityId: string, email: string): Promise<void> {
  if (isOperator(deps.config, email) || (await staffRoleOf(deps.db, communityId, email))) throw AppError.conflict("This author is staff; change their role on the Staff page first");
}

/**
 * Mutes the post's author: they keep reading, but post, reply, react and vote nowhere (the
 * existing `mutes` row that spaces and drops both ask). A mute already running is left as it is.
 */
export async function muteAuthor(deps: Pick<Deps, "db" | "now" | "config">, by: Moderator, postId: string, raw: unknown): Promise<ActionOutcome> {
  const input = parseOrThrow(muteAuthorInputSchema, raw);
  const post = await postOf(deps.db, by.community.id, postId);
  await refuseStaff(deps, by.community.id, post.authorEmail);
  const db = deps.db;
  const at = deps.now();
  const notMuted = sql`not exists (select 1 from mutes where ${isMutedSql(by.community.id, post.authorEmail, at)})`;
  const audit = { communityId: by.community.id, actor: by.email, action: "member.muted", subject: post.authorEmail, reason: input.reason, detail: { ...detailOf(post), days: input.days }, at };
  const [written] = await db.batch([
    auditWhere(db, audit, notMuted).returning({ id: auditLog.id }),
    muteStatement(db, by.community.id, { email: post.authorEmail, reason: input.reason, days: input.days }, by.email, at, true),
  ]);
  return { changed: written.length > 0 };
}

/** The author's membership: the live one, else the newest removed one (a repeat finishes its Stripe work). */
async function authorMembershipId(db: Db, communityId: string, email: string): Promise<string> {
  const rows = await db
    .select({ id: memberships.id, live: sql<number>`${liveStatusSql()}` })
    .from(memberships)
    .where(and(eq(memberships.communityId, communityId), eq(memberships.email, email), sql`(${liveStatusSql()} or ${memberships.status} = 'removed')`))
    .orderBy(desc(sql`${liveStatusSql()}`), desc(memberships.updatedAt))
    .limit(1);
  if (!rows[0]) throw AppError.conflict("The author has no membership here to remove");
  return rows[0].id;
}

/** Removes the post's author from the community: the members feature's removal (access ends at once, billing cancelled). */
export async function removeAuthor(deps: Deps, by: Moderator, postId: string, reason: string): Promise<ActionOutcome> {
  const why = requireReason(reason);
  const post = await postOf(deps.db, by.community.id, postId);
  return removeMember(deps, by.community, await authorMembershipId(deps.db, by.community.id, post.authorEmail), { refund: false }, by.email, why);
}

/** Bans the post's author: the members feature's ban (no applying again; a live membership ends at once). */
export async function banAuthor(deps: Deps, by: Moderator, postId: string, reason: string): Promise<ActionOutcome> {
  const why = requireReason(reason);
  const post = await postOf(deps.db, by.community.id, postId);
  return banMember(deps, by.community, post.authorEmail, by.email, why);
}
