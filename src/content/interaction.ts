import { and, asc, count, desc, eq, gt, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { comments, dropViews, mutes, reactions, type Comment } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { cursorOf, parseCursor, pastCursor, type Keyset } from "../lib/cursor";
import { AppError } from "../lib/errors";
import { formatCount } from "../ui/format";
import { enforceRateLimits } from "../lib/rate-limit";
import { newId } from "../lib/ids";
import { parseOrThrow } from "../lib/validation";
import { recordActivity } from "../activity/record";
import { displayNamesFrom, displayNamesQuery, type DisplayName } from "../profiles/names";
import { commentInputSchema, muteInputSchema, REACTION_KEYS, type ReactionKey } from "./schemas";

/**
 * Comments, reactions, views and mutes. Callers have already opened the drop for the person
 * (`openDropOf`); these only record what they do.
 */

export function isMutedSql(communityId: string, email: string, now: Date) {
  return and(eq(mutes.communityId, communityId), eq(mutes.email, email), or(isNull(mutes.until), gt(mutes.until, now)));
}

/** A statement for a batch: one row when the person is muted in the community now, none otherwise. */
export function mutedRead(deps: Pick<Deps, "db" | "now">, communityId: string, email: string) {
  return deps.db.select({ email: mutes.email }).from(mutes).where(isMutedSql(communityId, email.toLowerCase(), deps.now())).limit(1);
}

export async function isMuted(deps: Pick<Deps, "db" | "now">, communityId: string, email: string): Promise<boolean> {
  return (await mutedRead(deps, communityId, email)).length > 0;
}

async function refuseMuted(deps: Pick<Deps, "db" | "now">, communityId: string, email: string, staff: boolean) {
  if (!staff && (await isMuted(deps, communityId, email))) throw AppError.forbidden("You are muted in this community: you can read, but not comment or react");
}

export async function addComment(
  deps: Pick<Deps, "db" | "now" | "config">,
  drop: { id: string; communityId: string },
  author: { email: string; staff: boolean },
  raw: unknown,
): Promise<Comment> {
  const { body } = parseOrThrow(commentInputSchema, raw);
  await refuseMuted(deps, drop.communityId, author.email, author.staff);
  // Per person, whatever the page or API they comment from.
  await enforceRateLimits(deps, [["comment", author.email]]);
  const row = { id: newId("cmt"), dropId: drop.id, communityId: drop.communityId, email: author.email.toLowerCase(), body, createdAt: deps.now(), deletedAt: null, deletedBy: null };
  await deps.db.insert(comments).values(row);
  return row;
}

/** Comments on one page of a drop, or in one answer of its API. */
export const COMMENT_PAGE = 50;
/** A drop's comments are counted up to this many ("1,000+" beyond): a capped read of the index. */
export const COMMENT_COUNT_CAP = 1000;

/**
 * Which page of a drop's comments: the latest (the drop page's default, so a new comment is on
 * it), those before a comment, or those after one (`after: null` is the first page, the API's).
 * Each page is shown oldest first.
 */
export type CommentsAt = { latest: true } | { before: Keyset } | { after: Keyset | null };

export interface CommentPage {
  comments: Comment[];
  /** How each comment's author is named (`displayNames`). */
  names: Map<string, DisplayName>;
  /** The drop's comments, counted up to one past COMMENT_COUNT_CAP (`commentCountLabel`). */
  total: number;
  /** Cursor for the page before this one (`before`), or null at the first comment. */
  earlier: string | null;
  /** Cursor for the page after this one (`after`), or null at the latest comment. */
  later: string | null;
}

/** "12", or "1,000+" past the cap. */
export const commentCountLabel = (n: number): string => (n > COMMENT_COUNT_CAP ? `${formatCount(COMMENT_COUNT_CAP)}+` : formatCount(n));

/**
 * The page a drop page's `before` and `after` parameters ask for: neither is the latest page, an
 * empty `after` the first. A malformed cursor is a 400 naming it.
 */
export function commentsAtOf(before: string | undefined, after: string | undefined): CommentsAt {
  if (before && after) throw AppError.validation([{ field: "after", message: "Give before or after, not both" }]);
  if (after === "" && !before) return { after: null };
  const b = parseCursor(before, "before");
  if (b) return { before: b };
  const a = parseCursor(after, "after");
  return a ? { after: a } : { latest: true };
}

const shownOn = (dropId: string) => and(eq(comments.dropId, dropId), isNull(comments.deletedAt));

/**
 * A page of comments by keyset on the (drop, created, id) index: the latest page and the pages
 * before a cursor read newest first from their end and are turned around.
 */
function commentPageShape(dropId: string, at: CommentsAt) {
  const backwards = !("after" in at);
  const from = "before" in at ? at.before : "after" in at ? at.after : null;
  const [direction, order] = backwards ? (["desc", desc] as const) : (["asc", asc] as const);
  const past = from && pastCursor(direction, comments.createdAt, comments.id, from.at, from.id);
  return { backwards, where: and(shownOn(dropId), past ?? undefined), orderBy: [order(comments.createdAt), order(comments.id)] };
}

/**
 * The reads behind a page of a drop's comments, for one batch: the page, its authors' display
 * names (by a subquery over the same page) and the drop's capped count. `commentPageFrom` turns
 * their rows into the page.
 */
export function commentPageReads(db: Db, communityId: string, dropId: string, at: CommentsAt = { latest: true }) {
  const shape = commentPageShape(dropId, at);
  const page = db.select().from(comments).where(shape.where).orderBy(...shape.orderBy).limit(COMMENT_PAGE + 1);
  const authors = db.select({ email: comments.email }).from(comments).where(shape.where).orderBy(...shape.orderBy).limit(COMMENT_PAGE + 1);
  const counted = db.select({ id: comments.id }).from(comments).where(shownOn(dropId)).limit(COMMENT_COUNT_CAP + 1).as("counted");
  return [page, displayNamesQuery(db, communityId, authors), db.select({ n: count() }).from(counted)] as const;
}

type CommentPageRows = [Comment[], Parameters<typeof displayNamesFrom>[0], { n: number }[]];

/** A page of a drop's comments with their authors' names and the drop's capped count: one round trip. */
export async function commentPage(db: Db, community: { id: string; slug: string }, dropId: string, at: CommentsAt): Promise<CommentPage> {
  return commentPageFrom(await db.batch(commentPageReads(db, community.id, dropId, at)), community, at);
}

/** The page `commentPageReads` read, turned oldest first, with the cursors either side of it. */
export function commentPageFrom([rows, nameRows, [total]]: Readonly<CommentPageRows>, community: { id: string; slug: string }, at: CommentsAt = { latest: true }): CommentPage {
  const backwards = !("after" in at);
  const more = rows.length > COMMENT_PAGE;
  const list = rows.slice(0, COMMENT_PAGE);
  if (backwards) list.reverse();
  const first = list[0];
  const last = list.at(-1);
  const cursor = (c: Comment | undefined) => (c ? cursorOf(c.createdAt, c.id) : null);
  const earlier = backwards ? (more ? cursor(first) : null) : "after" in at && at.after ? cursor(first) : null;
  const later = backwards ? ("before" in at ? cursor(last) : null) : more ? cursor(last) : null;
  return { comments: list, names: displayNamesFrom(nameRows, community, list.map((c) => c.email)), total: total?.n ?? 0, earlier, later };
}

/** Soft delete by staff: the comment disappears for everyone; the row stays for the record. */
export async function deleteComment(deps: Pick<Deps, "db" | "now">, dropId: string, commentId: string, actor: string): Promise<void> {
  const found = await deps.db.select({ id: comments.id }).from(comments).where(and(eq(comments.id, commentId), eq(comments.dropId, dropId))).get();
  if (!found) throw AppError.notFound("Comment");
  await deps.db.update(comments).set({ deletedAt: deps.now(), deletedBy: actor }).where(and(eq(comments.id, commentId), isNull(comments.deletedAt)));
}

/** Adds the reaction, or takes it back if the person already gave it. Returns whether it is now on. */
export async function toggleReaction(
  deps: Pick<Deps, "db" | "now">,
  drop: { id: string; communityId: string },
  who: { email: string; staff: boolean },
  emoji: string,
): Promise<boolean> {
  if (!REACTION_KEYS.includes(emoji as ReactionKey)) throw AppError.validation([{ field: "emoji", message: "Choose one of the reactions" }]);
  await refuseMuted(deps, drop.communityId, who.email, who.staff);
  const email = who.email.toLowerCase();
  const inserted = await deps.db.insert(reactions).values({ dropId: drop.id, email, emoji, createdAt: deps.now() }).onConflictDoNothing().returning({ emoji: reactions.emoji });
  if (inserted.length) return true;
  await deps.db.delete(reactions).where(and(eq(reactions.dropId, drop.id), eq(reactions.email, email), eq(reactions.emoji, emoji)));
  return false;
}

export interface ReactionSummary {
  counts: Record<string, number>;
  mine: Set<string>;
}

/** A drop's reactions by emoji, and the person's own, as two statements for a batch (`reactionsFrom`). */
export function reactionReads(db: Db, dropId: string, email: string) {
  return [
    db.select({ emoji: reactions.emoji, n: count() }).from(reactions).where(eq(reactions.dropId, dropId)).groupBy(reactions.emoji),
    db.select({ emoji: reactions.emoji }).from(reactions).where(and(eq(reactions.dropId, dropId), eq(reactions.email, email.toLowerCase()))),
  ] as const;
}

export function reactionsFrom([totals, own]: readonly [{ emoji: string; n: number }[], { emoji: string }[]]): ReactionSummary {
  return { counts: Object.fromEntries(totals.map((t) => [t.emoji, t.n])), mine: new Set(own.map((r) => r.emoji)) };
}

/**
 * One row per (drop, reader): first and last view and how many; the day's activity record counts
 * it too. Two statements, for the batch that reads the page.
 */
export function viewStatements(deps: Pick<Deps, "db" | "now">, drop: { id: string; communityId: string }, email: string) {
  const at = deps.now();
  const who = email.toLowerCase();
  return [
    deps.db
      .insert(dropViews)
      .values({ dropId: drop.id, email: who, views: 1, firstViewedAt: at, lastViewedAt: at })
      .onConflictDoUpdate({ target: [dropViews.dropId, dropViews.email], set: { views: sql`${dropViews.views} + 1`, lastViewedAt: at } }),
    recordActivity(deps.db, drop.communityId, who, at, "dropViews"),
  ] as const;
}

export async function muteMember(deps: Pick<Deps, "db" | "now">, communityId: string, raw: unknown, actor: string): Promise<void> {
  await muteStatement(deps.db, communityId, parseOrThrow(muteInputSchema, raw), actor, deps.now());
}

/**
 * The mute (or its new length and reason) as one statement, for a batch that also audits it.
 * `onlyIfNotMuted`: a mute still running is left as it is (moderation's idempotent mute).
 */
export function muteStatement(db: Db, communityId: string, input: z.infer<typeof muteInputSchema>, actor: string, at: Date, onlyIfNotMuted = false) {
  const until = input.days ? new Date(at.getTime() + input.days * 86_400_000) : null;
  const expired = and(isNotNull(mutes.until), lte(mutes.until, at));
  return db
    .insert(mutes)
    .values({ communityId, email: input.email, until, reason: input.reason, actor, createdAt: at })
    .onConflictDoUpdate({ target: [mutes.communityId, mutes.email], set: { until, reason: input.reason, actor, createdAt: at }, ...(onlyIfNotMuted ? { setWhere: expired } : {}) });
}

export async function unmuteMember(db: Db, communityId: string, email: string): Promise<void> {
  await db.delete(mutes).where(and(eq(mutes.communityId, communityId), eq(mutes.email, email.trim().toLowerCase())));
}

export function listMutes(deps: Pick<Deps, "db" | "now">, communityId: string) {
  return deps.db
    .select()
    .from(mutes)
    .where(and(eq(mutes.communityId, communityId), or(isNull(mutes.until), gt(mutes.until, deps.now()))))
    .orderBy(asc(mutes.email))
    .limit(200);
}
