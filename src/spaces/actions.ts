import { and, eq, isNull, sql } from "drizzle-orm";
import { posts, threadFollows, type Post } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { hiddenEffects, holdFor, type WriteContext } from "./posts";
import { isStaffAccess, spaceRights } from "./rules";
import { replyInputSchema } from "./schemas";
import { postEditSchema } from "./thread-schemas";

/**
 * What happens to a post after it is written: the author edits it (within the owner's window) or
 * deletes it; staff pin and lock threads; readers follow threads. Staff removal with a reason is
 * moderation's, not the author's delete.
 */

/** A post of this space by id: a thread, or a reply in one of its threads. Others are a 404. */
export async function getPost(db: Db, ctx: Pick<WriteContext, "community" | "space">, postId: string): Promise<Post> {
  const post = await db
    .select()
    .from(posts)
    .where(and(eq(posts.id, postId.slice(0, 64)), eq(posts.communityId, ctx.community.id), eq(posts.spaceId, ctx.space.id)))
    .get();
  if (!post) throw AppError.notFound("Post");
  return post;
}

/** Readers who are not muted may react, vote and follow; staff always. Non-readers learn nothing. */
export function refuseUnlessMayInteract(ctx: WriteContext, what: string): void {
  const rights = spaceRights(ctx.access, ctx.space, { muted: ctx.muted });
  if (!rights.read) throw AppError.notFound("Space");
  if (ctx.muted && !rights.staff) throw AppError.forbidden(`You are muted in this community: you can read, but not ${what}`);
}

/** Only visible, undeleted posts take reactions, votes and follows. */
export function refuseUnlessVisible(post: Post): void {
  if (post.deletedAt || post.status !== "visible") throw AppError.notFound("Post");
}

function refuseUnlessAuthor(ctx: WriteContext, post: Post): void {
  if (post.deletedAt || post.status === "removed") throw AppError.notFound("Post");
  if (post.authorEmail !== ctx.access.email?.toLowerCase()) throw AppError.forbidden("Only the author can change this post");
}

/** Whether the author may still edit: within `edit_minutes` of posting. */
export function editableUntil(ctx: Pick<WriteContext, "settings">, post: Pick<Post, "createdAt">): Date {
  return new Date(post.createdAt.getTime() + ctx.settings.editMinutes * 60_000);
}

export async function editPost(deps: Pick<Deps, "db" | "now">, ctx: WriteContext, post: Post, raw: unknown): Promise<Post> {
  refuseUnlessAuthor(ctx, post);
  if (ctx.muted && !isStaffAccess(ctx.access)) throw AppError.forbidden("You are muted in this community: you can read, but not edit");
  const now = deps.now();
  if (now > editableUntil(ctx, post)) throw AppError.forbidden(`Posts can be edited for ${ctx.settings.editMinutes} minutes after posting`);
  const input = post.parentId ? { title: null, ...parseOrThrow(replyInputSchema, raw) } : parseOrThrow(postEditSchema, raw);
  // A thread edit that leaves the title out keeps it (the API's PATCH); the page form always sends it.
  const keepTitle = !post.parentId && !(raw && typeof raw === "object" && "title" in raw);
  const title = keepTitle ? post.title : input.title;
  const db = deps.db;
  const edit = { title, body: input.body, editedAt: now, updatedAt: now };
  // A young account may not slip a link past the hold by editing it into a post that went out
  // without one: the edit takes the post back to the moderators, as a new post would go.
  if (post.status === "visible" && holdFor(ctx, `${title ?? ""}\n${input.body}`, now).fixed === "links") {
    const stillVisible = sql`exists (select 1 from ${posts} p where p.id = ${post.id} and p.status = 'visible' and p.deleted_at is null)`;
    const [first, ...rest] = hiddenEffects(db, post, stillVisible);
    const results = await db.batch([
      first!,
      ...rest,
      db
        .update(posts)
        .set({ ...edit, status: "held", heldReason: "links" })
        .where(and(eq(posts.id, post.id), isNull(posts.deletedAt)))
        .returning(),
    ]);
    const held = results[results.length - 1] as Post[];
    if (!held[0]) throw AppError.notFound("Post");
    return held[0];
  }
  const updated = await db.update(posts).set(edit).where(and(eq(posts.id, post.id), isNull(posts.deletedAt))).returning();
  if (!updated[0]) throw AppError.notFound("Post");
  return updated[0];
}

/**
 * The author's delete: gone for everyone at once, the row kept for the record. The counters drop
 * only if the post was visible and undeleted when the batch runs, so a double click counts once.
 */
export async function deletePost(deps: Pick<Deps, "db" | "now">, ctx: WriteContext, post: Post): Promise<void> {
  refuseUnlessAuthor(ctx, post);
  const db = deps.db;
  const now = deps.now();
  const stillVisible = sql`exists (select 1 from ${posts} p where p.id = ${post.id} and p.status = 'visible' and p.deleted_at is null)`;
  const [first, ...rest] = hiddenEffects(db, post, stillVisible);
  await db.batch([
    first!,
    ...rest,
    db.update(posts).set({ deletedAt: now, updatedAt: now }).where(and(eq(posts.id, post.id), isNull(posts.deletedAt))),
  ]);
}

export type ThreadFlag = "pinned" | "locked";

/** Staff pin a thread to the top of its space, or lock it against new replies (and undo both). */
export async function setThreadFlag(deps: Pick<Deps, "db" | "now">, ctx: WriteContext, thread: Post, flag: ThreadFlag, on: boolean): Promise<Post> {
  if (!isStaffAccess(ctx.access)) throw AppError.forbidden(`Only moderators and owners can ${on ? "" : "un"}${flag === "pinned" ? "pin" : "lock"} threads`);
  if (thread.parentId) throw AppError.validation([{ field: "postId", message: "Only threads are pinned or locked, not replies" }]);
  if (thread.deletedAt) throw AppError.notFound("Thread");
  const now = deps.now();
  const value = on ? now : null;
  const updated = await deps.db
    .update(posts)
    .set(flag === "pinned" ? { pinnedAt: value } : { lockedAt: value })
    .where(eq(posts.id, thread.id))
    .returning();
  return updated[0]!;
}

/** Follow a thread (told about its replies) or stop. Idempotent both ways. */
export async function setFollow(deps: Pick<Deps, "db" | "now">, ctx: WriteContext, thread: Post, on: boolean): Promise<void> {
  const rights = spaceRights(ctx.access, ctx.space, { muted: ctx.muted });
  if (!rights.read) throw AppError.notFound("Space");
  if (thread.parentId) throw AppError.validation([{ field: "postId", message: "Follow the thread, not a reply" }]);
  refuseUnlessVisible(thread);
  const email = ctx.access.email!.toLowerCase();
  if (on) await deps.db.insert(threadFollows).values({ postId: thread.id, email, createdAt: deps.now() }).onConflictDoNothing();
  else await deps.db.delete(threadFollows).where(and(eq(threadFollows.postId, thread.id), eq(threadFollows.email, email)));
}
