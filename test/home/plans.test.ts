import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { seedCommunity } from "../../bench/seed";
import { seedSpace } from "../../bench/space-seed";
import { countingD1, type Statement, queryPlans } from "../d1-counter";
import { BASE, signIn } from "../helpers";

/**
 * EXPLAIN QUERY PLAN over every statement the front page and search run (recorded through a
 * wrapped D1 binding), on a community with thousands of posts: none scans posts, spaces' posts or
 * the search rows, and the feed comes off an index in order.
 */

/** Set to print every plan while working on a query. */
const SHOW = false;
const counter = countingD1(env.DB);
const countedEnv = { ...env, DB: counter.db } as Env;

const plansOf = (log: Statement[]) => queryPlans(env.DB, log, /^\s*(select|with)\b/i);

describe("front page and search query plans", { timeout: 120_000 }, () => {
  it("read by index only, whatever the community's size", async () => {
    const c = await seedCommunity("plans", { applications: 10, members: 200, drops: 30, comments: 10, assignments: 10 });
    await seedSpace(c, "plans", { threads: 1000, replies: 4000 }, 200);
    const cookie = await signIn(c.memberEmail);
    const paths = [`/c/${c.community.slug}/home`, `/c/${c.community.slug}/home?sort=active`, `/c/${c.community.slug}/search?q=pricing`, `/c/${c.community.slug}/search?q=zebracorn`];
    const rows: Record<string, number> = {};
    for (const path of paths) {
      counter.reset();
      counter.log.length = 0;
      const res = await worker.fetch(new Request(BASE + path, { headers: { accept: "text/html", cookie } }), countedEnv, createExecutionContext());
      expect(res.status).toBe(200);
      await res.text();
      rows[path] = counter.reset().rowsRead;
      const plans = await plansOf(counter.log);
      for (const { sql, plan } of plans) {
        if (SHOW) console.log(path, "\n", sql.slice(0, 300), "\n  ", plan.join("\n   "));
        expect(plan.filter((p) => /^SCAN (posts|search_rows|drops|memberships|applications)\b/.test(p)), sql).toEqual([]);
        if (/order by .*"posts"\."(created_at|last_activity_at)" desc/i.test(sql)) expect(plan.filter((p) => p.includes("TEMP B-TREE FOR ORDER BY")), sql).toEqual([]);
      }
    }
    // Rows read stay in the low thousands: every statement has its LIMIT.
    for (const [path, n] of Object.entries(rows)) expect(n, path).toBeLessThan(3000);
  });
});
