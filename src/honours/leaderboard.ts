import { and, desc, eq, gt, sql } from "drizzle-orm";
import { bans, communityStaff, memberPoints, memberships, type Community } from "../../drizzle";
import type { Db } from "../lib/db";
import { displayNamesFrom, displayNamesQuery, type DisplayName } from "../profiles/names";
import { levelsFrom, levelsQuery, type Level } from "./levels";

/**
 * Leaderboards for the last 7 days, the last 30 days and all time. Each reads the first N entries
 * of its index on `member_points` (community, points), newest ties last, keeping only people who
 * still belong (a live membership or a staff seat, not banned): a few primary-key probes per row,
 * whatever the size of the community. Names come from the shared lookup in the same batch.
 */

export const PERIODS = ["7d", "30d", "all"] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_LABELS: Record<Period, string> = { "7d": "Last 7 days", "30d": "Last 30 days", all: "All time" };

export const LEADERBOARD_SIZE = 20;

const column = (period: Period) => (period === "7d" ? memberPoints.points7d : period === "30d" ? memberPoints.points30d : memberPoints.points);

/** Someone who still belongs to the community: live member or staff, and not banned. */
export function belongsSql(communityId: string) {
  return sql`(exists (select 1 from ${memberships} m where m.community_id = ${communityId} and m.email = ${memberPoints.email} and m.status in ('incomplete', 'trialing', 'active', 'past_due', 'unpaid'))
    or exists (select 1 from ${communityStaff} s where s.community_id = ${communityId} and s.email = ${memberPoints.email}))
    and not exists (select 1 from ${bans} b where b.community_id = ${communityId} and b.email = ${memberPoints.email})`;
}

export function leaderboardQuery(db: Db, communityId: string, period: Period, limit = LEADERBOARD_SIZE) {
  const points = column(period);
  return db
    .select({ email: memberPoints.email, points, level: memberPoints.level })
    .from(memberPoints)
    .where(and(eq(memberPoints.communityId, communityId), gt(points, 0), belongsSql(communityId)))
    // Both descending, so SQLite walks the index backwards and stops after `limit` rows.
    .orderBy(desc(points), desc(memberPoints.email))
    .limit(limit);
}

export interface LeaderboardEntry {
  rank: number;
  email: string;
  name: DisplayName;
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

/** The board, its names, the levels and the viewer's row: one batch. */
export async function leaderboard(db: Db, community: Pick<Community, "id" | "slug">, period: Period, viewerEmail: string): Promise<Leaderboard> {
  const board = leaderboardQuery(db, community.id, period);
  const emails = db.select({ email: sql<string>`email` }).from(board.as("board"));
  const [rows, nameRows, levelRows, mine] = await db.batch([
    board,
    displayNamesQuery(db, community.id, emails),
    levelsQuery(db, community.id),
    db.select().from(memberPoints).where(and(eq(memberPoints.communityId, community.id), eq(memberPoints.email, viewerEmail.toLowerCase()))),
  ]);
  const names = displayNamesFrom(nameRows, community, rows.map((r) => r.email));
  const me = mine[0];
  return {
    period,
    entries: rows.map((r, i) => ({ rank: i + 1, email: r.email, name: names.get(r.email)!, points: r.points, level: r.level })),
    levels: levelsFrom(levelRows),
    you: { points: me?.points ?? 0, periodPoints: me ? (period === "7d" ? me.points7d : period === "30d" ? me.points30d : me.points) : 0, level: me?.level ?? 1 },
  };
}
