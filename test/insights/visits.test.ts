import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { forgetPublicConfigs } from "../../src/experiments/config-cache";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { dayOf } from "../../src/insights/days";
import { rollUpRange } from "../../src/insights/rollup";
import { countingD1 } from "../d1-counter";
import { BROWSER } from "../experiments/helpers";
import { BASE, tools } from "../helpers";
import { historyCommunity } from "./helpers";

/**
 * Landing visitors are counted always, not only while a fee test runs: each visitor once a day,
 * in the landing page's own read batch (no extra round trip), or, when the page reads nothing,
 * after its response; crawlers never; the rollup puts the day's count on the funnel.
 */

const counter = countingD1(env.DB);
const countedEnv = { ...env, DB: counter.db } as Env;

async function visit(slug: string, opts: { cookie?: string; ua?: string } = {}) {
  const headers = { accept: "text/html", "user-agent": opts.ua ?? BROWSER, ...(opts.cookie ? { cookie: opts.cookie } : {}) };
  counter.reset();
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}/c/${slug}`, { headers }), countedEnv, ctx);
  await res.text();
  // A visit written after the response is written by the time the request's background work ends.
  await waitOnExecutionContext(ctx);
  const cookie = (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie().map((s) => s.split(";")[0]).join("; ");
  return { status: res.status, trips: counter.reset().roundTrips, cookie: [opts.cookie, cookie].filter(Boolean).join("; ") };
}

const countToday = async (communityId: string) =>
  ((await env.DB.prepare("select visitors from insight_visits where community_id = ? and day = ?").bind(communityId, dayOf(tools().deps.now())).first()) as { visitors: number } | null)?.visitors ?? 0;

describe("landing visitors", () => {
  it("are counted once a day each, without a price test and without an extra round trip", async () => {
    const { community } = await historyCommunity();
    forgetPublicConfigs();
    const first = await visit(community.slug);
    expect(first.status).toBe(200);
    // The configuration's read batch carries the count.
    expect(first.trips).toBe(1);
    expect(first.cookie).toMatch(/th_seen=\d{4}-\d{2}-\d{2}/);
    expect(await countToday(community.id)).toBe(1);
    // The same visitor again today, the configuration kept in memory: not counted again, no round trip.
    const again = await visit(community.slug, { cookie: first.cookie });
    expect(again.trips).toBe(0);
    expect(await countToday(community.id)).toBe(1);
    // Another visitor counts (the count alone is the round trip, written after the response); a crawler does not.
    expect((await visit(community.slug)).trips).toBe(1);
    await visit(community.slug, { ua: "Googlebot/2.1" });
    expect(await countToday(community.id)).toBe(2);
    // An unknown community: a 404, and nothing counted anywhere.
    expect((await visit("no-such-circle")).status).toBe(404);
    expect(((await env.DB.prepare("select count(*) as n from insight_visits where community_id not in (select id from communities)").first()) as { n: number }).n).toBe(0);

    const today = dayOf(tools().deps.now());
    await rollUpRange(tools().deps.db, community.id, today, today);
    const row = (await env.DB.prepare("select visitors from insight_days where community_id = ? and day = ? and tier_id = ''").bind(community.id, today).first()) as { visitors: number };
    expect(row.visitors).toBe(2);
  });
  it("a first visit to a page that reads nothing does not wait for its count; visits waiting meanwhile share one statement", async () => {
    const { community } = await historyCommunity();
    await visit(community.slug); // the configuration is kept from here on
    const before = await countToday(community.id);
    // A D1 binding whose visit upserts wait until the test lets them go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held: string[][] = [];
    const gatedSession = (inner: D1DatabaseSession | D1Database) => ({
      prepare: (q: string) => inner.prepare(q),
      batch: async (statements: D1PreparedStatement[]) => {
        held.push(statements.map(String));
        await gate;
        return inner.batch(statements);
      },
    });
    const gated = {
      ...gatedSession(env.DB),
      withSession: (...args: Parameters<D1Database["withSession"]>) => {
        const session = env.DB.withSession(...args);
        return { ...gatedSession(session), getBookmark: () => session.getBookmark() };
      },
    } as unknown as D1Database;
    const gatedEnv = { ...env, DB: gated } as Env;
    const first = createExecutionContext();
    const res = await worker.fetch(new Request(`${BASE}/c/${community.slug}`, { headers: { accept: "text/html", "user-agent": BROWSER } }), gatedEnv, first);
    // The page came back before its visit was written (which is then held).
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(community.name);
    expect(res.headers.get("set-cookie")).toMatch(/th_seen=/);
    while (held.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    // Three more first visits while that write is out: they wait in memory, and go in one statement after it.
    const others = [createExecutionContext(), createExecutionContext(), createExecutionContext()];
    for (const ctx of others) {
      const r = await worker.fetch(new Request(`${BASE}/c/${community.slug}`, { headers: { accept: "text/html", "user-agent": BROWSER } }), gatedEnv, ctx);
      expect(r.status).toBe(200);
      await r.text();
    }
    expect(held).toHaveLength(1);
    release();
    await waitOnExecutionContext(first);
    await Promise.all(others.map((ctx) => waitOnExecutionContext(ctx)));
    expect(held).toHaveLength(2);
    expect(held[1]).toHaveLength(1);
    expect(await countToday(community.id)).toBe(before + 4);
  });
});
