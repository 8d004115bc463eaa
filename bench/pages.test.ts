/**
 * `npm run bench:pages`: each listed page and API route, at a small and a large community, through
 * the dev worker with a counting D1 binding (test/d1-counter.ts). Prints `PAGES {json}` lines
 * that scripts/bench-pages.mjs turns into a table: D1 round trips and statements per request,
 * median and p95 latency at both sizes, and the large/small ratio; then one cron run (and the
 * queue it fills, drained) at the large size. BENCH_SCALE (0..1] shrinks the large community;
 * BENCH_ONLY measures only the pages whose name holds it.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDrop } from "../src/content/drops";
import worker from "../src/dev";
import { forgetPublicConfigs } from "../src/experiments/config-cache";
import type { Env } from "../src/env";
import { countingD1, type D1Stats } from "../test/d1-counter";
import { BROWSER } from "../test/experiments/helpers";
import { BASE, signIn, tools } from "../test/helpers";
import { captureQueue, runCron } from "../test/jobs";
import { oneChunk, readyExport } from "./members-export";
import { seedCommunity, type BenchCommunity, type Size } from "./seed";
import { seedSpace, type SpaceSize } from "./space-seed";
import { bigEventOf, seedEvents, type EventsSize } from "./events-seed";
import { seedInsights, type InsightsBench } from "./insights-seed";
import { seedHonours } from "./honours-seed";
import { seedPeople, type BenchPeople } from "./people-seed";

const scale = Math.min(1, Math.max(0.001, Number((env as unknown as { BENCH_SCALE?: string }).BENCH_SCALE ?? "1")));
const SMALL: Size = { applications: 40, members: 100, drops: 10, comments: 40, assignments: 200 };
const LARGE: Size = { applications: 100_000, members: 20_000, drops: 2_000, comments: 50_000, assignments: 200_000 };
const large: Size = Object.fromEntries(Object.entries(LARGE).map(([k, v]) => [k, Math.round(v * scale)])) as unknown as Size;
// The community space: 1,000 posts and replies at 100 members, 200,000 at 20,000.
const SMALL_SPACE: SpaceSize = { threads: 200, replies: 800 };
const largeSpace: SpaceSize = { threads: Math.round(40_000 * scale), replies: Math.round(160_000 * scale) };
// Events: 20 events and 200 answers at 100 members, 2,000 events and 200,000 answers at 20,000.
const SMALL_EVENTS: EventsSize = { events: 20, rsvps: 200, crowd: 50 };
const largeEvents: EventsSize = { events: Math.round(2_000 * scale), rsvps: Math.round(200_000 * scale), crowd: Math.round(10_000 * scale) };

const counter = countingD1(env.DB);
// Jobs a page queues are kept, not consumed in the background while other pages are timed.
const jobs = captureQueue();
const benchEnv = { ...env, DB: counter.db, JOBS: jobs } as Env;
// BENCH_ONLY=<part of a name>: only those pages, on the main community alone (no insights, no cron).
const only = (env as unknown as { BENCH_ONLY?: string }).BENCH_ONLY ?? "";

interface Route {
  name: string;
  path: (c: BenchCommunity) => string;
  who: "visitor" | "returning" | "member" | "owner";
  /** A form POST with these fields instead of a GET. */
  form?: Record<string, string>;
  /** Read only the body's first chunk (time to first byte of a download). */
  firstChunk?: boolean;
  /** Forget the landing configuration kept in memory before each request (an isolate's first view of it). */
  fresh?: boolean;
}

/**
 * The cursor that opens a list's last page (its 50 oldest rows, newest first): a late page of a
 * keyset list must cost what the first one does, whatever the rows before it.
 */
const lastPages = new Map<string, { members: string; applications: string }>();
async function lastPageCursors(c: BenchCommunity) {
  const nth = (table: string) => env.DB.prepare(`SELECT created_at AS at, id FROM ${table} WHERE community_id = ? ORDER BY created_at, id LIMIT 1 OFFSET 50`).bind(c.community.id).first<{ at: number; id: string }>();
  // A list shorter than that is all on one page: a cursor past its newest row opens it whole.
  const cursor = (row: { at: number; id: string } | null, prefix: string) => (row ? `${row.at}:${row.id}` : `9999999999999:${prefix}_zzzz`);
  const [m, a] = await Promise.all([nth("memberships"), nth("applications")]);
  lastPages.set(c.community.id, { members: cursor(m, "mem"), applications: cursor(a, "app") });
}

/**
 * A long discussion under each community's newest drop: 60 comments at the small size, 10,000 at
 * the large one. The drop page shows 50 of them and counts them up to a cap, so it should cost
 * the same either way.
 */
const longThreads = new Map<string, string>();
async function seedLongThread(c: BenchCommunity, label: string, comments: number) {
  const drop = await env.DB.prepare("SELECT id FROM drops WHERE community_id = ? ORDER BY publish_at DESC, id DESC LIMIT 1").bind(c.community.id).first<{ id: string }>();
  const start = Date.now() - 86_400_000;
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.max(1, Math.round(comments))})
     INSERT INTO comments (id, drop_id, community_id, email, body, created_at)
     SELECT 'cmt_long' || ?1 || '_' || i, ?2, ?3, ?4, 'A long thread, comment ' || i, ?5 + i * 1000 FROM n`,
  )
    .bind(label, drop!.id, c.community.id, c.memberEmail, start)
    .run();
  longThreads.set(c.community.id, drop!.id);
}

/** The newest visible thread in each community's "ask" space, for the thread page's rows. */
const askThreads = new Map<string, string>();
async function findAskThread(c: BenchCommunity) {
  const row = await env.DB.prepare(
    `SELECT p.id FROM posts p JOIN spaces s ON s.id = p.space_id
     WHERE s.community_id = ?1 AND s.slug = 'ask' AND p.parent_id IS NULL AND p.status = 'visible' AND p.deleted_at IS NULL
     ORDER BY p.created_at DESC, p.id DESC LIMIT 1`,
  )
    .bind(c.community.id)
    .first<{ id: string }>();
  askThreads.set(c.community.id, row!.id);
}

const ROUTES: Route[] = [
  { name: "landing, new visitor", path: (c) => `/c/${c.community.slug}`, who: "visitor" },
  { name: "landing, returning visitor", path: (c) => `/c/${c.community.slug}`, who: "returning" },
  { name: "landing, new visitor, configuration read from D1", path: (c) => `/c/${c.community.slug}`, who: "visitor", fresh: true },
  { name: "landing, returning visitor, configuration read from D1", path: (c) => `/c/${c.community.slug}`, who: "returning", fresh: true },
  { name: "status page", path: (c) => `/a/${c.statusToken}`, who: "visitor" },
  { name: "member home", path: (c) => `/c/${c.community.slug}/home`, who: "member" },
  { name: "member home, most active", path: (c) => `/c/${c.community.slug}/home?sort=active`, who: "member" },
  { name: "space page", path: (c) => `/c/${c.community.slug}/s/ask`, who: "member" },
  { name: "space page, most active", path: (c) => `/c/${c.community.slug}/s/ask?sort=active`, who: "member" },
  { name: "thread page", path: (c) => `/c/${c.community.slug}/s/ask/t/${askThreads.get(c.community.id)}`, who: "member" },
  { name: "API thread", path: (c) => `/api/v1/communities/${c.community.slug}/spaces/ask/threads/${askThreads.get(c.community.id)}`, who: "member" },
  { name: "notifications", path: (c) => `/c/${c.community.slug}/notifications`, who: "member" },
  { name: "search, common word", path: (c) => `/c/${c.community.slug}/search?q=pricing`, who: "member" },
  { name: "search, rare word", path: (c) => `/c/${c.community.slug}/search?q=zebracorn`, who: "member" },
  { name: "API search", path: (c) => `/api/v1/communities/${c.community.slug}/search?q=pricing`, who: "member" },
  { name: "review queue", path: (c) => `/c/${c.community.slug}/admin/applications`, who: "owner" },
  { name: "members list", path: (c) => `/c/${c.community.slug}/admin/members`, who: "owner" },
  { name: "members list, the last page", path: (c) => `/c/${c.community.slug}/admin/members?cursor=${lastPages.get(c.community.id)!.members}`, who: "owner" },
  { name: "review queue, the last page", path: (c) => `/c/${c.community.slug}/admin/applications?cursor=${lastPages.get(c.community.id)!.applications}`, who: "owner" },
  // The owner asks for the members CSV: written at once at 100 members (the click downloads it),
  // queued at 20,000 (bench/members-export.ts times the queue's chunks and the download).
  { name: "members CSV, request", path: (c) => `/c/${c.community.slug}/admin/members/exports`, who: "owner", form: { tierId: "", status: "" } },
  { name: "members CSV, download, first chunk", path: (c) => `/c/${c.community.slug}/admin/members/exports/${readyExports.get(c.community.id)}/download`, who: "owner", firstChunk: true },
  { name: "API feed", path: (c) => `/api/v1/communities/${c.community.slug}/feed`, who: "member" },
  { name: "drop page, long thread", path: (c) => `/c/${c.community.slug}/drops/${longThreads.get(c.community.id)}`, who: "member" },
  { name: "drop page, long thread, first comments", path: (c) => `/c/${c.community.slug}/drops/${longThreads.get(c.community.id)}?after=`, who: "member" },
  { name: "API drop comments, long thread", path: (c) => `/api/v1/communities/${c.community.slug}/drops/${longThreads.get(c.community.id)}/comments`, who: "member" },
  { name: "events list", path: (c) => `/c/${c.community.slug}/events`, who: "member" },
  { name: "past events", path: (c) => `/c/${c.community.slug}/events?when=past`, who: "member" },
  { name: "events month", path: (c) => `/c/${c.community.slug}/events/month`, who: "member" },
  { name: "event page, big crowd", path: (c) => `/c/${c.community.slug}/events/${bigEventOf(c)}`, who: "member" },
  { name: "API events", path: (c) => `/api/v1/communities/${c.community.slug}/events`, who: "member" },
  { name: "leaderboard, 7 days", path: (c) => `/c/${c.community.slug}/leaderboard?period=7d`, who: "member" },
  { name: "leaderboard, all time", path: (c) => `/c/${c.community.slug}/leaderboard?period=all`, who: "member" },
  { name: "API leaderboard, 30 days", path: (c) => `/api/v1/communities/${c.community.slug}/leaderboard?period=30d`, who: "member" },
  // The member directory and introductions (bench/people-seed.ts).
  { name: "directory", path: (c) => `/c/${c.community.slug}/people`, who: "member" },
  { name: "directory, city and hobby", path: (c) => `/c/${c.community.slug}/people?city=City+7&a.${people.get(c.community.id)!.hobbies}=hobby+3`, who: "member" },
  { name: "directory, name search", path: (c) => `/c/${c.community.slug}/people?q=kenjib`, who: "member" },
  { name: "API directory, hobby", path: (c) => `/api/v1/communities/${c.community.slug}/people?answer=${people.get(c.community.id)!.hobbies}:hobby%2021`, who: "member" },
  { name: "API introductions", path: (c) => `/api/v1/communities/${c.community.slug}/introductions`, who: "member" },
  { name: "member profile page", path: (c) => `/c/${c.community.slug}/people/${people.get(c.community.id)!.somePerson}`, who: "member" },
];

const people = new Map<string, BenchPeople>();
/** A finished members export per community, for the download's row. */
const readyExports = new Map<string, string>();

/** One request through the dev worker on the counting binding; the body is read to its end, or only to its first chunk. */
async function get(path: string, cookie: string | undefined, firstChunk = false, form?: Record<string, string>): Promise<Response> {
  // A browser's user agent: without one a visitor counts as a bot, which is never assigned a test price.
  const headers: Record<string, string> = { accept: "text/html", "user-agent": BROWSER, ...(cookie ? { cookie } : {}) };
  if (form) Object.assign(headers, { origin: BASE, "content-type": "application/x-www-form-urlencoded" });
  const init: RequestInit = form ? { method: "POST", headers, body: new URLSearchParams(form), redirect: "manual" } : { headers, redirect: "manual" };
  const res = await worker.fetch(new Request(BASE + path, init), benchEnv, createExecutionContext());
  jobs.pending.length = 0;
  if (firstChunk && res.body) {
    const reader = res.body.getReader();
    await reader.read();
    await reader.cancel();
  } else await res.arrayBuffer();
  return res;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * The mean of the middle 80% of the samples. workerd's clock only moves at I/O, so a local page
 * times in whole milliseconds and a median flips between 2 and 3 ms for a page that takes about
 * 2.5; the mean of the whole-millisecond samples resolves between them, and the trim keeps one
 * slow sample (a garbage collection, the machine's other work) out of it.
 */
function trimmedMean(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length / 10);
  const middle = sorted.slice(cut, sorted.length - cut);
  return middle.reduce((a, b) => a + b, 0) / middle.length;
}

interface Measured {
  stats: D1Stats;
  p50: number;
  p95: number;
  mean: number;
}

interface Target {
  path: string;
  cookie: string | undefined;
  form?: Record<string, string>;
  fresh?: boolean;
}

/**
 * The same route at both sizes, samples interleaved (small, large, small, ...) so that whatever
 * else the machine is doing weighs on both alike; D1 traffic counted on one request of each.
 */
async function measurePair(targets: Record<"small" | "large", Target>, samples: number, firstChunk: boolean): Promise<Record<"small" | "large", Measured>> {
  const op = (size: "small" | "large") => async () => {
    const { path, cookie, form, fresh } = targets[size];
    if (fresh) forgetPublicConfigs();
    const res = await get(path, cookie, firstChunk, form);
    expect(res.status, `${path} (${size})`).toBeLessThan(400);
  };
  return measureOps({ small: op("small"), large: op("large") }, samples);
}

/** Any operation at both sizes, as measurePair times a request: two warm-ups, one counted run, then interleaved samples. */
async function measureOps(ops: Record<"small" | "large", () => Promise<void>>, samples: number): Promise<Record<"small" | "large", Measured>> {
  const sizes = ["small", "large"] as const;
  const stats = {} as Record<"small" | "large", D1Stats>;
  const times = { small: [] as number[], large: [] as number[] };
  for (const size of sizes) {
    for (let i = 0; i < 2; i++) await ops[size]();
    counter.reset();
    await ops[size]();
    stats[size] = counter.reset();
  }
  for (let i = 0; i < samples; i++) {
    for (const size of sizes) {
      const start = performance.now();
      await ops[size]();
      times[size].push(performance.now() - start);
    }
  }
  const of = (size: "small" | "large") => ({ stats: stats[size], p50: quantile(times[size], 0.5), p95: quantile(times[size], 0.95), mean: trimmedMean(times[size]) });
  return { small: of("small"), large: of("large") };
}

function printPage(name: string, { small: s, large: l }: Record<"small" | "large", Measured>) {
  console.log(
    `PAGES ${JSON.stringify({ kind: "page", name, roundTrips: l.stats.roundTrips, statements: l.stats.statements, smallRoundTrips: s.stats.roundTrips, small: { p50: s.p50, p95: s.p95, mean: s.mean }, large: { p50: l.p50, p95: l.p95, mean: l.mean, bytes: l.stats.bytes, rowsRead: l.stats.rowsRead }, ratio: s.p50 === 0 && l.p50 === 0 ? null : l.mean / s.mean })}`,
  );
}

/** Insights at 100 members and at 100,000 (scaled), each with two years of rollups (bench/insights-seed.ts). */
async function measureInsights(owner: string | undefined) {
  const members = Math.round(100_000 * scale);
  const sizes = { small: await seedInsights("small", 100), large: await seedInsights("large", members) };
  const pages: [string, (c: InsightsBench) => string][] = [
    ["insights page", (c) => `/c/${c.community.slug}/admin/insights`],
    ["insights page, one tier, one year", (c) => `/c/${c.community.slug}/admin/insights?tier=${c.member.id}&from=${new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10)}`],
    ["insights API, activity", (c) => `/api/v1/communities/${c.community.slug}/insights/activity`],
    ["insights API, money", (c) => `/api/v1/communities/${c.community.slug}/insights/money`],
    ["insights CSV, money", (c) => `/c/${c.community.slug}/admin/insights/export/money.csv`],
  ];
  for (const [name, path] of pages) {
    const m = await measurePair({ small: { path: path(sizes.small), cookie: owner }, large: { path: path(sizes.large), cookie: owner } }, 15, false);
    printPage(`${name} (100 vs ${members.toLocaleString("en")} members)`, m);
  }
}

async function cookiesFor(c: BenchCommunity): Promise<Record<Route["who"], string | undefined>> {
  const first = await get(`/c/${c.community.slug}`, undefined);
  const visitor = (first.headers as unknown as { getSetCookie(): string[] }).getSetCookie().map((s) => s.split(";")[0]).join("; ");
  return { visitor: undefined, returning: visitor || undefined, member: await signIn(c.memberEmail), owner: await signIn("owner@example.com") };
}

describe("pages at a small and a large community", () => {
  it("measures every listed page at both sizes, then one cron run at the large size", { timeout: 3_600_000 }, async () => {
    // BENCH_ONLY on event pages seeds the events as well.
    const withEvents = !only || only.toLowerCase().includes("event");
    // And on spaces and threads, the space's posts.
    const withSpace = !only || /space|thread/i.test(only);
    const small = await seedCommunity("small", SMALL);
    if (withEvents) await seedEvents(small, "small", SMALL_EVENTS, SMALL.members);
    if (withSpace) await seedSpace(small, "small", SMALL_SPACE, SMALL.members);
    if (!only) {
      await seedHonours(small, "small", SMALL.members);
      people.set(small.community.id, await seedPeople(small, "small", SMALL.members));
    }
    const seedStart = performance.now();
    const big = await seedCommunity("large", large);
    if (withEvents) await seedEvents(big, "large", largeEvents, large.members);
    if (withSpace) await seedSpace(big, "large", largeSpace, large.members);
    if (!only) {
      await seedHonours(big, "large", large.members);
      people.set(big.community.id, await seedPeople(big, "large", large.members));
    }
    console.log(`PAGES ${JSON.stringify({ kind: "sizes", large: { ...large, ...(only ? {} : { "posts and replies": largeSpace.threads + largeSpace.replies }) }, seedMs: performance.now() - seedStart })}`);
    const cookies = { small: await cookiesFor(small), large: await cookiesFor(big) };
    await Promise.all([lastPageCursors(small), lastPageCursors(big), ...(withSpace ? [findAskThread(small), findAskThread(big)] : [])]);
    await seedLongThread(small, "small", 60);
    await seedLongThread(big, "large", 10_000 * scale);
    // The members CSV: a finished export at each size for the download's row; the large one is
    // written by the queue a chunk per invocation, each counted.
    readyExports.set(small.community.id, (await readyExport(small, counter)).id);
    const whole = await readyExport(big, counter);
    readyExports.set(big.community.id, whole.id);
    const worstOf = (k: "statements" | "bytes" | "ms") => Math.max(...whole.invocations.map((i) => i[k]));
    // A full chunk's cost early in the community against late in it: flat if the keyset read does
    // not grow with the position (the last chunk, partial, is left out).
    const chunkMs = whole.invocations.slice(0, -1).map((i) => i.ms);
    const positions = chunkMs.length >= 10 ? { earlyMs: quantile(chunkMs.slice(0, 5), 0.5), lateMs: quantile(chunkMs.slice(-5), 0.5) } : {};
    console.log(`PAGES ${JSON.stringify({ kind: "export", members: large.members + 1, chunks: whole.invocations.length, drainMs: whole.drainMs, worstStatements: worstOf("statements"), worstBytes: worstOf("bytes"), worstMs: worstOf("ms"), ...positions })}`);
    for (const route of ROUTES.filter((r) => r.name.includes(only))) {
      const target = (size: "small" | "large", c: BenchCommunity) => ({ path: route.path(c), cookie: cookies[size][route.who], form: route.form, fresh: route.fresh });
      const m = await measurePair({ small: target("small", small), large: target("large", big) }, 15, route.firstChunk ?? false);
      printPage(route.name, m);
    }
    if ("members CSV, one chunk (queue consumer)".includes(only)) {
      printPage("members CSV, one chunk (queue consumer)", await measureOps({ small: oneChunk(small, counter), large: oneChunk(big, counter) }, 15));
    }
    if (only) {
      console.log(`PAGES ${JSON.stringify({ kind: "done" })}`);
      return;
    }
    await measureInsights(cookies.small.owner);

    // One cron run at the large size: a drop due now for every member, queued and drained.
    const { deps } = tools();
    await createDrop(deps, big.community, { title: "For everyone", body: "New.", status: "scheduled", publishAt: deps.now().toISOString(), targets: [{ tierId: big.member.id, offsetHours: 0 }] }, "owner@example.com");
    const invocations: D1Stats[] = [];
    counter.reset();
    const start = performance.now();
    let cronMs = 0;
    const report = await runCron(undefined, {
      env: { DB: counter.db },
      afterCron: () => {
        cronMs = performance.now() - start;
        invocations.push(counter.reset());
      },
      afterBatch: () => invocations.push(counter.reset()),
    });
    const totalMs = performance.now() - start;
    const [cron, ...consumer] = invocations;
    const worst = consumer.reduce((m, s) => ({ statements: Math.max(m.statements, s.statements), bytes: Math.max(m.bytes, s.bytes) }), { statements: 0, bytes: 0 });
    console.log(
      `PAGES ${JSON.stringify({ kind: "cron", members: large.members + 1, emails: report.dropEmails, cronMs, cronStatements: cron!.statements, cronBytes: cron!.bytes, consumerInvocations: consumer.length, worstStatements: worst.statements, worstBytes: worst.bytes, totalMs })}`,
    );
    expect(report.dropEmails).toBe(large.members + 1);
  });
});
