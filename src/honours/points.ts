import { and, eq, sql, type SQL } from "drizzle-orm";
import { memberPoints, pointAwards, postReactions, posts } from "../../drizzle";
import type { Db } from "../lib/db";
import { newId } from "../lib/ids";
import { levelNoticeStatements } from "../notifications/notices";

/**
 * Writing points. Every award is one ledger row unique per source (`point_awards_source_idx`),
 * inserted with ON CONFLICT DO NOTHING and taken back by deleting it; triggers keep the totals,
 * the rolling windows, the per-day sums and the level in step (migration honour_point_triggers).
 * So writers only add these statements to their own batch, and a repeat writes nothing.
 */

export const DAY_MS = 86_400_000;

/** Whole UTC days since the epoch: the day an award counts toward. */
export function dayOf(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS);
}

export interface PointsInput {
  communityId: string;
  email: string;
  points: number;
  /** Shown to the member ("event attendance", "referral"). */
  reason: string;
  /** What the award is for ("event", "referral"): with `sourceId`, the award's identity. */
  sourceKind: string;
  sourceId: string;
  at: Date;
  /** When the member is told of a level this award lifts them to (default: `at`). */
  now?: Date;
}

/**
 * Statements awarding points, for a caller's batch (events' attendance, referrals' rewards): the
 * same source awards once, however often the batch runs, and a level it lifts the member to is
 * announced in the same batch, once (notices.ts). Reactions have their own statements and job
 * (below, level-up.ts), whose notice names the post that did it.
 */
export function pointStatements(db: Db, input: PointsInput) {
  if (!Number.isInteger(input.points) || input.points === 0) throw new Error(`pointStatements: points must be a non-zero integer, got ${input.points}`);
  return [
    db
      .insert(pointAwards)
      .values({
        id: newId("pts"),
        communityId: input.communityId,
        email: input.email.toLowerCase(),
        points: input.points,
        reason: input.reason,
        sourceKind: input.sourceKind,
        sourceId: input.sourceId,
        at: input.at,
        day: dayOf(input.at),
      })
      .onConflictDoNothing(),
    ...levelNoticeStatements(db, input.communityId, input.email, input.now ?? input.at),
  ];
}

/** Statements taking back what `pointStatements` gave for this source (nothing if it gave nothing). */
export function revokePointStatements(db: Db, input: Pick<PointsInput, "communityId" | "sourceKind" | "sourceId">) {
  return [db.delete(pointAwards).where(and(eq(pointAwards.communityId, input.communityId), eq(pointAwards.sourceKind, input.sourceKind), eq(pointAwards.sourceId, input.sourceId)))];
}

/**
 * A reaction earns its post's author one point: once per reacting member and post (a second emoji
 * earns nothing more), never for reacting to oneself, and only while the post is shown.
 */
const REACTION = "reaction";
const reactionSource = (postId: string, reactor: string) => `${postId} ${reactor}`;
const shown = sql`p.status = 'visible' and p.deleted_at is null`;

export function reactionAwardStatements(db: Db, postId: string, reactor: string, at: Date) {
  return [
    db.insert(pointAwards).select(sql`select ${newId("pts")}, p.community_id, p.author_email, 1, ${REACTION}, ${REACTION}, ${reactionSource(postId, reactor)}, p.id, ${at.getTime()}, ${dayOf(at)}
      from ${posts} p where p.id = ${postId} and p.author_email <> ${reactor} and ${shown}`).onConflictDoNothing(),
  ];
}

/** Takes the point back once the member has no reaction left on the post (batch after the delete). */
export function reactionWithdrawStatements(db: Db, communityId: string, postId: string, reactor: string) {
  const left = sql`exists (select 1 from ${postReactions} r where r.post_id = ${postId} and r.email = ${reactor})`;
  return [
    db
      .delete(pointAwards)
      .where(and(eq(pointAwards.communityId, communityId), eq(pointAwards.sourceKind, REACTION), eq(pointAwards.sourceId, reactionSource(postId, reactor)), sql`not ${left}`)),
  ];
}

/** A post stops being shown (removed, deleted): its reactions' points go. `when` as in hiddenEffects. */
export function postHiddenAwardStatements(db: Db, postId: string, when?: SQL) {
  return [db.delete(pointAwards).where(and(eq(pointAwards.postId, postId), eq(pointAwards.sourceKind, REACTION), when))];
}

/**
 * A post is shown again (a moderator restores or approves it): its reactions' points come back,
 * each dated when the reaction was given. (Columns in the table's order: drizzle inserts a raw select so.) A post with no reactions (a new one) adds nothing.
 */
export function postShownAwardStatements(db: Db, postId: string, when?: SQL) {
  return [
    db.insert(pointAwards).select(sql`select 'pts_' || lower(hex(randomblob(10))), p.community_id, p.author_email, 1, ${REACTION}, ${REACTION}, p.id || ' ' || r.email, p.id,
        min(r.created_at), min(r.created_at) / ${DAY_MS}
      from ${posts} p join ${postReactions} r on r.post_id = p.id
      where p.id = ${postId} and r.email <> p.author_email and ${shown} and ${when ?? sql`1`}
      group by r.email`).onConflictDoNothing(),
  ];
}

/** The author's level and the highest level they were told about, read at the end of a batch. */
export function levelReadStatement(db: Db, communityId: string, email: string) {
  return db
    .select({ level: memberPoints.level, notifiedLevel: memberPoints.notifiedLevel })
    .from(memberPoints)
    .where(and(eq(memberPoints.communityId, communityId), eq(memberPoints.email, email.toLowerCase())));
}
