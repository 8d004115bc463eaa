import { and, eq, gte, sql } from "drizzle-orm";
import { experimentDaily, experiments } from "../../drizzle";
import type { Db } from "../lib/db";
import type { RecentTraffic } from "./forms";

const DAY_MS = 86_400_000;
/** Four weeks: long enough to average out weekdays, short enough to be today's traffic. */
const WINDOW_DAYS = 28;

/**
 * Visitors a day who saw a tested price, and the share who paid, over the community's last four
 * weeks of experiment counters: what the planner simulates by default. Null without any.
 */
export async function recentTraffic(db: Db, communityId: string, now: Date): Promise<RecentTraffic | null> {
  const from = new Date(+now - WINDOW_DAYS * DAY_MS).toISOString().slice(0, 10);
  const [row] = await db
    .select({
      exposures: sql<number>`coalesce(sum(${experimentDaily.exposures}), 0)`,
      conversions: sql<number>`coalesce(sum(${experimentDaily.conversions}), 0)`,
      days: sql<number>`count(distinct ${experimentDaily.day})`,
    })
    .from(experimentDaily)
    .innerJoin(experiments, eq(experiments.id, experimentDaily.experimentId))
    .where(and(eq(experiments.communityId, communityId), gte(experimentDaily.day, from)));
  const exposures = Number(row?.exposures ?? 0);
  const days = Number(row?.days ?? 0);
  if (!(exposures > 0) || days === 0) return null;
  return { visitorsPerDay: exposures / days, conversion: Math.max(Number(row!.conversions), 0) / exposures, days };
}
