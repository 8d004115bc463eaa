import { and, desc, eq, gt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { bans, communityStaff, memberPoints, memberships, type Community } from "../../drizzle";
import type { Db } from "../lib/db";
import { badgesSql, displayNameOf, displayNameSql } from "../profiles/names";
import { levelsFrom, levelsQuery, type Level } from "./levels";

/**
 * Leaderboards for the last 7 days, the last 30 days and all time. Each reads the first N entries
 * of its index on `member_points` (community, points), newest ties last, keeping only people who
 * still belong (a live membership or a staff seat, not banned): a few primary-key probes per row,
 * whatever the size of the community. Each row is named inside the same statement by the shared
 * name lookup's SQL (`displayNameSql`, with the level) and carries its badges.
 */

export const PERIODS = ["7d", "30d", "all"] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = { "7d": "Last 7 days", "30d": "Last 30 days", all: "All time" };

export const LEADERBOARD_SIZE = 20;

// Aliased, and named in full inside subqueries: drizzle writes a one-table query's columns bare
// ("email"), which inside a subquery would mean the subquery's own table.
const mp = alias(memberPoints, "mp");
const MP_EMAIL = sql.raw(`"mp"."email"`);
const MP_COMMUNITY = sql.raw(`"mp"."community_id"`);
const column = (period: Period) => (period === "7d" ? mp.points7d : period === "30d" ? mp.points30d : mp.points);

/** Someone who still belongs to the community: live member or staff, and not banned. */
function belongsSql(communityId: string) {
  return sql`(exists (select 1 from ${memberships} m where m.community_id = ${communityId} and m.email = ${MP_EMAIL} and m.status in ('incomplete', 'trialing', 'active', 'past_due', 'unpaid'))
    or exists (select 1 from ${communityStaff} s where s.community_id = ${communityId} and s.email = ${MP_EMAIL}))
    and not exists (select 1 from ${bans} b where b.community_id = ${communityId} and b.email = ${MP_EMAIL})`;
}

export function leaderboardQuery(db: Db, communityId: string, period: Period, limit = LEADERBOARD_SIZE) {
  const points = column(period);
  return db
    .select({ email: mp.email, points, level: mp.level, name: displayNameSql(MP_COMMUNITY, MP_EMAIL), badges: badgesSql(communityId, MP_EMAIL) })
    .from(mp)
    .where(and(eq(mp.communityId, communityId), gt(points, 0), belongsSql(communityId)))
    // Both descending, so SQLite walks the index backwards and stops after `limit` rows.
    .orderBy(desc(points), desc(mp.email))
    .limit(limit);
}

export interface LeaderboardEntry {
  rank: number;
  email: string;
  /** "Maya Lindqvist · Level 3". */
  name: string;
  badges: string[];
  points: number;
  level: number;
}

export interface Leaderboard {
  period: Period;
  entries: LeaderboardEntry[];
  levels: Level[];
  /** The viewer's own standing (all-time points, this period's points, level). */
  you: { points: number; periodPoints: number; level: number };
}

/** The board, the levels and the viewer's row: one batch. */
export async function leaderboard(db: Db, community: Pick<Community, "id" | "slug">, period: Period, viewerEmail: string): Promise<Leaderboard> {
  const [rows, levelRows, mine] = await db.batch([
    leaderboardQuery(db, community.id, period),
    levelsQuery(db, community.id),
    db.select().from(memberPoints).where(and(eq(memberPoints.communityId, community.id), eq(memberPoints.email, viewerEmail.toLowerCase()))),
  ]);
  const me = mine[0];
  return {
    period,
    entries: rows.map((r, i) => ({ rank: i + 1, email: r.email, name: displayNameOf(r.name), badges: JSON.parse(r.badges) as string[], points: r.points, level: r.level })),
    levels: levelsFrom(levelRows),
    you: { points: me?.points ?? 0, periodPoints: me ? (period === "7d" ? me.points7d : period === "30d" ? me.points30d : me.points) : 0, level: me?.level ?? 1 },
  };
}
