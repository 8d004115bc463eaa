import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { candidatesQuery } from "../../src/honours/candidates";
import { leaderboard, PERIODS } from "../../src/honours/leaderboard";
import { pointStatements } from "../../src/honours/points";
import { runHonourWindowsJob } from "../../src/honours/windows";
import { createDb } from "../../src/lib/db";
import { countingD1, queryPlans } from "../d1-counter";
import { tools } from "../helpers";
import { spaceCommunity } from "../spaces/helpers";

/**
 * The leaderboards come off their indexes: no scan of the ledger, the per-day sums, reactions or
 * members, and no sort of the whole community (the index gives the order, the LIMIT stops it).
 */

const GROWING = ["point_awards", "point_days", "member_points", "post_reactions", "posts", "memberships", "member_badges", "applications", "member_profiles"];
const FULL_SCAN = new RegExp(`^SCAN (${GROWING.join("|")})\\b`);

describe("honours query plans", { timeout: 120_000 }, () => {
  it("leaderboards, candidates and the windows job read by index, in index order", async () => {
    const s = await spaceCommunity({ members: 40 });
    const { deps } = tools();
    for (let i = 1; i <= 40; i++) {
      await deps.db.batch(pointStatements(deps.db, { communityId: s.community.id, email: s.member(i), points: i, reason: "t", sourceKind: "t", sourceId: String(i), at: new Date(deps.now().getTime() - (i % 40) * 86_400_000) }) as [ReturnType<typeof pointStatements>[number]]);
    }
    const counter = countingD1(env.DB);
    const db = createDb(counter.db);
    for (const period of PERIODS) {
      counter.reset();
      const board = await leaderboard(db, s.community, period, s.member1);
      expect(board.entries.length).toBeGreaterThan(0);
      expect(counter.reset().roundTrips).toBe(1);
    }
    await candidatesQuery(db, s.community.id, s.tiers.core);
    await runHonourWindowsJob({ db, now: deps.now }, { communityId: s.community.id });
    const plans = await queryPlans(env.DB, counter.log);
    expect(plans.some(({ sql }) => /from "member_points"/.test(sql))).toBe(true);
    const scans = plans.flatMap(({ sql, plan }) => plan.filter((p) => FULL_SCAN.test(p)).map((p) => `${p}  <-  ${sql}`));
    expect(scans).toEqual([]);
    const sorts = plans.filter(({ sql }) => /order by "member_points"/.test(sql)).flatMap(({ sql, plan }) => plan.filter((p) => /TEMP B-TREE/.test(p)).map((p) => `${p}  <-  ${sql}`));
    expect(sorts).toEqual([]);
  });
});
