import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { seedInsights } from "../../bench/insights-seed";
import { countingD1, queryPlans } from "../d1-counter";
import { BASE, signIn } from "../helpers";

/**
 * The Insights page reads rollups only: at 300 and at 3,000 members (two years of rollups each)
 * it reads the same rows, and no statement scans a table that grows with members.
 */

const counter = countingD1(env.DB);
const countedEnv = { ...env, DB: counter.db } as Env;

describe("the Insights page's reads", { timeout: 120_000 }, () => {
  it("do not grow with the community", async () => {
    const cookie = await signIn("owner@example.com");
    const rows: number[] = [];
    for (const members of [300, 3000]) {
      const c = await seedInsights(`plans${members}`, members);
      for (const path of [`/c/${c.community.slug}/admin/insights`, `/api/v1/communities/${c.community.slug}/insights/activity`]) {
        counter.reset();
        counter.log.length = 0;
        const res = await worker.fetch(new Request(BASE + path, { headers: { accept: "text/html", cookie } }), countedEnv, createExecutionContext());
        expect(res.status, path).toBe(200);
        await res.text();
        if (path.includes("/admin/")) rows.push(counter.reset().rowsRead);
        for (const { sql, plan } of await queryPlans(env.DB, counter.log, /^\s*(select|with)\b/i)) {
          expect(plan.filter((p) => /^SCAN (insight_member_months|insight_members|memberships|membership_ledger|member_activity_daily|posts)\b/.test(p)), sql).toEqual([]);
          expect(plan.filter((p) => p.includes("TEMP B-TREE FOR ORDER BY") && /insight_member_months|insight_members/.test(sql)), sql).toEqual([]);
        }
      }
    }
    // Ten times the members: within a few rows of the same reads (names and at-risk lists are LIMITed).
    expect(Math.abs(rows[1]! - rows[0]!)).toBeLessThan(rows[0]! * 0.05);
  });
});
