import { and, count, eq, inArray, isNull, sum, type SQLWrapper } from "drizzle-orm";
import { comments, drops, dropViews, reactions } from "../../drizzle";
import type { Db } from "../lib/db";

/** What the owner sees per drop: who read it, how often, and how they responded. */
export interface DropInsight {
  viewers: number;
  views: number;
  comments: number;
  reactions: number;
}

export const EMPTY_INSIGHT: DropInsight = { viewers: 0, views: 0, comments: 0, reactions: 0 };

/** Insights for every drop of a community, in one round trip of grouped counts. */
export function communityInsights(db: Db, communityId: string): Promise<Map<string, DropInsight>> {
  return insightsOf(db, db.select({ id: drops.id }).from(drops).where(eq(drops.communityId, communityId)));
}

export async function insightsOf(db: Db, ids: string[] | SQLWrapper): Promise<Map<string, DropInsight>> {
  const [views, talk, reacts] = await db.batch([
    db.select({ dropId: dropViews.dropId, viewers: count(), views: sum(dropViews.views) }).from(dropViews).where(inArray(dropViews.dropId, ids)).groupBy(dropViews.dropId),
    db.select({ dropId: comments.dropId, n: count() }).from(comments).where(and(inArray(comments.dropId, ids), isNull(comments.deletedAt))).groupBy(comments.dropId),
    db.select({ dropId: reactions.dropId, n: count() }).from(reactions).where(inArray(reactions.dropId, ids)).groupBy(reactions.dropId),
  ]);
  const out = new Map<string, DropInsight>();
  const get = (id: string) => out.get(id) ?? out.set(id, { ...EMPTY_INSIGHT }).get(id)!;
  for (const v of views) Object.assign(get(v.dropId), { viewers: v.viewers, views: Number(v.views ?? 0) });
  for (const c of talk) get(c.dropId).comments = c.n;
  for (const r of reacts) get(r.dropId).reactions = r.n;
  return out;
}

/** Reactions of one drop by emoji key. */
export async function reactionsByEmoji(db: Db, dropId: string): Promise<Record<string, number>> {
  const rows = await db.select({ emoji: reactions.emoji, n: count() }).from(reactions).where(eq(reactions.dropId, dropId)).groupBy(reactions.emoji);
  return Object.fromEntries(rows.map((r) => [r.emoji, r.n]));
}
