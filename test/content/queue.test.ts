import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { emails } from "../../drizzle";
import { MEMBERS_PER_PAGE } from "../../src/content/notify";
import { devPlatform } from "../../src/dev";
import { devClock } from "../../src/dev/clock";
import type { Env } from "../../src/env";
import { runScheduled } from "../../src/scheduled";
import { tools } from "../helpers";
import { bulkMembers } from "../bulk";
import { countingD1, type D1Stats } from "../d1-counter";
import { captureQueue, drainJobs, runCron } from "../jobs";
import { insightsUpToDate } from "../insights/helpers";
import { contentCommunity, DAY, dropEmailsTo, memberOf, staggeredDrop, unique } from "./helpers";

/** Drop emails per recipient in a community's bulk members (prefix), as [to, count]. */
async function dropEmailCounts(prefix: string): Promise<Map<string, number>> {
  const rows = await tools()
    .deps.db.select({ to: emails.to, n: sql<number>`count(*)` })
    .from(emails)
    .where(sql`${emails.kind} = 'drop_published' and ${emails.to} like ${`${prefix}%`}`)
    .groupBy(emails.to);
  return new Map(rows.map((r) => [r.to, r.n]));
}

describe("drop emails through the queue", { timeout: 180_000 }, () => {
  afterEach(() => devClock.reset());

  it("the cron only queues: one fan-out job per community with due drops, and sends nothing itself", async () => {
    const tiers = await contentCommunity();
    const core = unique("core");
    await memberOf(tiers.community, tiers.core, core);
    const { drop } = await staggeredDrop(tiers.community, tiers, { title: "Queued" });
    const queue = captureQueue();
    const now = devClock.now();
    await insightsUpToDate();
    const report = await runScheduled({ ...env, JOBS: queue } as Env, devPlatform, now);
    expect(report).toMatchObject({ dropsPublished: 1, dropJobs: 1 });
    expect(queue.pending).toEqual([{ kind: "drop-fanout", communityId: tiers.community.id, dropIds: [drop.id], after: null, at: now.getTime() }]);
    expect(await dropEmailsTo(core)).toHaveLength(0);
    const drained = await drainJobs(queue);
    expect(drained).toMatchObject({ dropEmails: 1, messages: 2 });
    expect(await dropEmailsTo(core)).toHaveLength(1);
  });

  it("a drop that opened for every tier before the window is not queued again; a dripping one is", async () => {
    const tiers = await contentCommunity();
    const { deps } = tools();
    const past = new Date(deps.now().getTime() - 20 * DAY);
    const old = await staggeredDrop(tiers.community, tiers, { title: "Old", publishAt: past, memberDelayHours: 0 });
    const late = await staggeredDrop(tiers.community, tiers, { title: "Members a week later", publishAt: past, memberDelayHours: 10 * 24 });
    const drip = await staggeredDrop(tiers.community, tiers, { title: "Drip", publishAt: past, memberDelayHours: 0, dripDays: 30 });
    const queue = captureQueue();
    await insightsUpToDate();
    await runScheduled({ ...env, JOBS: queue } as Env, devPlatform, devClock.now());
    const mine = queue.pending.flatMap((j) => (j.kind === "drop-fanout" && j.communityId === tiers.community.id ? j.dropIds : []));
    expect(mine.sort()).toEqual([late.drop.id, drip.drop.id].sort());
    expect(mine).not.toContain(old.drop.id);
  });

  it("every message delivered twice, and the cron run twice: each email still goes out once", async () => {
    const tiers = await contentCommunity();
    const people = [unique("a"), unique("b"), unique("c")];
    for (const p of people) await memberOf(tiers.community, tiers.core, p);
    await staggeredDrop(tiers.community, tiers, { title: "Twice" });
    const first = captureQueue();
    const second = captureQueue();
    const now = devClock.now();
    await insightsUpToDate();
    await runScheduled({ ...env, JOBS: first } as Env, devPlatform, now);
    await runScheduled({ ...env, JOBS: second } as Env, devPlatform, now);
    expect(second.pending).toEqual(first.pending);
    const [a, b] = await Promise.all([drainJobs(first, { deliveries: 2 }), drainJobs(second, { deliveries: 2 })]);
    expect(a.dropEmails + b.dropEmails).toBe(3);
    for (const p of people) expect(await dropEmailsTo(p)).toHaveLength(1);
  });

  it("a job that fails is retried and then sends what it had not sent", async () => {
    const tiers = await contentCommunity();
    const core = unique("retry");
    await memberOf(tiers.community, tiers.core, core);
    await staggeredDrop(tiers.community, tiers, { title: "Flaky" });
    // D1 refuses the first batch of the page job (its load), as a transient outage would.
    let failures = 1;
    const flaky = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") {
          return (stmts: D1PreparedStatement[]) => {
            if (failures-- > 0) return Promise.reject(new Error("D1 unavailable"));
            return target.batch(stmts);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const queue = captureQueue();
    await insightsUpToDate();
    await runScheduled({ ...env, JOBS: queue } as Env, devPlatform, devClock.now());
    const drained = await drainJobs(queue, { env: { DB: flaky } });
    expect(drained.retried).toBe(1);
    expect(drained.dropEmails).toBe(1);
    expect(await dropEmailsTo(core)).toHaveLength(1);
  });

  it(`2,500 members: every one emailed exactly once, each invocation far under D1's limits`, async () => {
    const tiers = await contentCommunity();
    const prefix = `bulk${crypto.randomUUID().slice(0, 6)}-`;
    const { deps } = tools();
    await bulkMembers(env.DB, { communityId: tiers.community.id, tierId: tiers.member.id, count: 2500, prefix, joinedAt: new Date(deps.now().getTime() - 30 * DAY) });
    await staggeredDrop(tiers.community, tiers, { title: "For everyone", memberDelayHours: 0 });
    const counter = countingD1(env.DB);
    const invocations: D1Stats[] = [];
    const report = await runCron(devClock.now(), { env: { DB: counter.db }, afterCron: () => invocations.push(counter.reset()), afterBatch: () => invocations.push(counter.reset()) });
    expect(report.dropEmails).toBe(2500);
    const counts = await dropEmailCounts(prefix);
    expect(counts.size).toBe(2500);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // The cron plus fan-out plus ceil(2500 / 50) page jobs, each bounded.
    expect(invocations.length).toBeGreaterThanOrEqual(1 + 2500 / MEMBERS_PER_PAGE / 4);
    const worst = invocations.reduce((m, s) => ({ statements: Math.max(m.statements, s.statements), bytes: Math.max(m.bytes, s.bytes) }), { statements: 0, bytes: 0 });
    console.log(`2,500 members: ${invocations.length} invocations, worst ${worst.statements} statements, ${worst.bytes} bytes`);
    expect(worst.statements).toBeLessThan(1000);
    expect(worst.bytes).toBeLessThan(10 * 1024 * 1024);

    const again = await runCron();
    expect(again.dropEmails).toBe(0);
    expect((await dropEmailCounts(prefix)).size).toBe(2500);
  });

  it("wrangler's queue (the JOBS binding and the worker's queue handler) delivers the cron's jobs", async () => {
    const tiers = await contentCommunity();
    const core = unique("real-queue");
    await memberOf(tiers.community, tiers.core, core);
    await staggeredDrop(tiers.community, tiers, { title: "Through the real queue" });
    // The earlier tests' drops are still in the window: one fan-out job per community.
    await insightsUpToDate();
    const report = await runScheduled(env, devPlatform, devClock.now());
    expect(report.dropJobs).toBeGreaterThanOrEqual(1);
    // The local queue delivers after its batch timeout (1 s in [env.dev]); the consumer then fans out.
    const deadline = Date.now() + 30_000;
    while (!(await dropEmailsTo(core)).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await dropEmailsTo(core)).toHaveLength(1);
    expect((await tools().deps.db.select().from(emails).where(eq(emails.to, core))).map((e) => e.kind)).toContain("drop_published");
  });
});
