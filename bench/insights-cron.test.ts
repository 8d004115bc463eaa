/**
 * `npm run bench:insights`: the insights rollups of a large community, from nothing (the first
 * run's backfill) through the cron and its drained queue, with a counting D1 binding. Prints one
 * `INSIGHTS {json}` line: consumer invocations, and the most D1 statements and bytes read by any
 * one of them (Cloudflare's limits: 1,000 queries per invocation; the target: under 10 MB read).
 * The community: 20,000 members (BENCH_SCALE shrinks it) who joined 400 days ago, 100,000
 * applications, 60 days of member activity (each member active one day in three), and event
 * attendance, so every per-member part of the rollup has rows to read.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Env } from "../src/env";
import { countingD1, type D1Stats } from "../test/d1-counter";
import { runCron } from "../test/jobs";
import { insightsUpToDate } from "../test/insights/helpers";
import { seedCommunity, type Size } from "./seed";

const scale = Math.min(1, Math.max(0.001, Number((env as unknown as { BENCH_SCALE?: string }).BENCH_SCALE ?? "1")));
const LARGE: Size = { applications: 100_000, members: 20_000, drops: 2_000, comments: 50_000, assignments: 200_000 };
const size = Object.fromEntries(Object.entries(LARGE).map(([k, v]) => [k, Math.round(v * scale)])) as unknown as Size;
const ACTIVE_DAYS = 60;

const counter = countingD1(env.DB);

describe("insights rollups at a large community", () => {
  it("backfills through the queue with bounded invocations", { timeout: 3_600_000 }, async () => {
    const seedStart = performance.now();
    // Every other community (none here but the bench's own) counts as rolled up already.
    const big = await seedCommunity("insights", size);
    const prefix = `minsights-`;
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${size.members * ACTIVE_DAYS - 1})
       INSERT OR IGNORE INTO member_activity_daily (community_id, day, email, replies, thread_views, visits, events_attended)
       SELECT ?1, date('now', '-' || (1 + i / ${size.members}) || ' days'), '${prefix}' || printf('%06d', 1 + i % ${size.members}) || '@example.com',
         (i % 10 = 0), 2, 1, (i % 97 = 0)
       FROM n WHERE (i + i / ${size.members}) % 3 = 0`,
    )
      .bind(big.community.id)
      .run();
    await insightsUpToDate();
    await env.DB.prepare("delete from insight_progress where community_id = ?").bind(big.community.id).run();
    const seedMs = performance.now() - seedStart;

    const invocations: D1Stats[] = [];
    counter.reset();
    const start = performance.now();
    await runCron(undefined, {
      env: { DB: counter.db } as Partial<Env>,
      afterCron: () => counter.reset(),
      afterBatch: () => invocations.push(counter.reset()),
    });
    const totalMs = performance.now() - start;
    const worst = invocations.reduce((m, s) => ({ statements: Math.max(m.statements, s.statements), bytes: Math.max(m.bytes, s.bytes) }), { statements: 0, bytes: 0 });
    const rolled = (await env.DB.prepare("select rolled_through from insight_progress where community_id = ?").bind(big.community.id).first()) as { rolled_through: string } | null;
    console.log(`INSIGHTS ${JSON.stringify({ members: size.members + 1, seedMs, invocations: invocations.length, worstStatements: worst.statements, worstBytes: worst.bytes, totalMs, rolledThrough: rolled?.rolled_through })}`);
    expect(rolled?.rolled_through).toBeTruthy();
  });
});
