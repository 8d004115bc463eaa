import { and, eq, sql } from "drizzle-orm";
import { postReactions, posts, type Post } from "../../drizzle";
import { recordActivity } from "../activity/record";
import type { Deps } from "../env";
import { enqueueIfLevelledUp, type LevelRow, type LevelUpJob } from "../honours/level-up";
import { levelReadStatement, reactionAwardStatements, reactionWithdrawStatements } from "../honours/points";
import { AppError } from "../lib/errors";
import type { Enqueue } from "../lib/queue";
import { parseOrThrow } from "../lib/validation";
import { refuseUnlessMayInteract, refuseUnlessVisible } from "./actions";
import type { WriteContext } from "./posts";
import { reactionInputSchema } from "./thread-schemas";

/**
 * Reactions on posts and replies: one per person per emoji. Adding writes the reaction, the post's
 * reaction_count and the activity record (given for the reactor, received for the author, neither
 * for reacting to oneself) and the author's point (src/honours/points.ts) in one batch; the
 * reaction's primary key makes a second add fail the whole batch, so nothing is counted twice.
 */

function isUniqueViolation(err: unknown): boolean {
  const text = `${(err as Error)?.message ?? ""} ${String((err as { cause?: unknown })?.cause ?? "")}`;
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT/i.test(text);
}

function activity(deps: Pick<Deps, "db">, post: Post, email: string, at: Date, by: 1 | -1) {
  if (post.authorEmail === email) return [];
  return [recordActivity(deps.db, post.communityId, email, at, "reactionsGiven", by), recordActivity(deps.db, post.communityId, post.authorEmail, at, "reactionsReceived", by)];
}

export async function addReaction(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<LevelUpJob>, ctx: WriteContext, post: Post, raw: unknown): Promise<void> {
  const { emoji } = parseOrThrow(reactionInputSchema, raw);
  refuseUnlessMayInteract(ctx, "react");
  refuseUnlessVisible(post);
  const email = ctx.access.email!.toLowerCase();
  const now = deps.now();
  const db = deps.db;
  let results: unknown[];
  try {
    results = await db.batch([
      db.insert(postReactions).values({ postId: post.id, email, emoji, createdAt: now }),
      db.update(posts).set({ reactionCount: sql`${posts.reactionCount} + 1` }).where(eq(posts.id, post.id)),
      ...activity(deps, post, email, now, 1),
      // The author's point (none for reacting to oneself), then their level after it.
      ...reactionAwardStatements(db, post.id, email, now),
      levelReadStatement(db, post.communityId, post.authorEmail),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw AppError.conflict("You already reacted with this emoji");
    throw err;
  }
  await enqueueIfLevelledUp(enqueue, results.at(-1) as LevelRow[], { communityId: post.communityId, email: post.authorEmail, postId: post.id, actorEmail: email });
}

/** Takes a reaction back (404 when there is none). The count drops only if the row was still there. */
export async function removeReaction(deps: Pick<Deps, "db" | "now">, ctx: WriteContext, post: Post, raw: unknown): Promise<void> {
  const { emoji } = parseOrThrow(reactionInputSchema, raw);
  refuseUnlessMayInteract(ctx, "react");
  refuseUnlessVisible(post);
  const email = ctx.access.email!.toLowerCase();
  const db = deps.db;
  const mine = and(eq(postReactions.postId, post.id), eq(postReactions.email, email), eq(postReactions.emoji, emoji));
  const found = await db.select({ postId: postReactions.postId }).from(postReactions).where(mine).get();
  if (!found) throw AppError.notFound("Reaction");
  const still = sql`exists (select 1 from ${postReactions} r where r.post_id = ${post.id} and r.email = ${email} and r.emoji = ${emoji})`;
  await db.batch([
    db.update(posts).set({ reactionCount: sql`max(0, ${posts.reactionCount} - 1)` }).where(and(eq(posts.id, post.id), still)),
    db.delete(postReactions).where(mine),
    ...activity(deps, post, email, deps.now(), -1),
    ...reactionWithdrawStatements(db, post.communityId, post.id, email),
  ]);
}

/** The page's toggle: takes the reaction back if the person gave it, else adds it. */
export async function toggleReaction(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<LevelUpJob>, ctx: WriteContext, post: Post, raw: unknown): Promise<void> {
  try {
    await addReaction(deps, enqueue, ctx, post, raw);
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 409) throw err;
    await removeReaction(deps, ctx, post, raw);
  }
}
