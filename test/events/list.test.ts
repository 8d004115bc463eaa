import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { EVENTS_PAGE } from "../../src/events/service";
import { countingD1, queryPlans } from "../d1-counter";
import { BASE, call, signIn, tools } from "../helpers";
import { errorMessage, html, makeEvent, spaceCommunity } from "./helpers";

/**
 * The events lists are keyset pages (a cursor of the last event's start and id, never OFFSET):
 * following `nextCursor` walks every event once, in order, ties on the start time included, and
 * each page comes off the (community, start, id) index without sorting or walking the past.
 */

const HOUR = 3_600_000;

interface Listed {
  events: { id: string }[];
  more: boolean;
  nextCursor: string | null;
}

async function walk(slug: string, cookie: string, when: "upcoming" | "past"): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = new URLSearchParams({ when, ...(cursor ? { cursor } : {}) }).toString();
    const res = await call(`/api/v1/communities/${slug}/events?${query}`, { cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Listed;
    expect(body.events.length).toBeLessThanOrEqual(EVENTS_PAGE);
    expect(body.more).toBe(body.nextCursor !== null);
    ids.push(...body.events.map((e) => e.id));
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  return { ids, pages };
}

describe("events lists", () => {
  it("page by keyset through the API and the page: every event once, in order, ties included", async () => {
    const s = await spaceCommunity({ members: 2 });
    const { deps } = tools();
    const now = deps.now().getTime();
    // 27 to come, three at a time starting together; 24 moved into the past, also in threes; one
    // running now (counted as upcoming) and one from a year ago.
    const upcoming = await Promise.all(Array.from({ length: 27 }, (_, i) => makeEvent(s.community, { inHours: 24 + Math.floor(i / 3) })));
    const past = await Promise.all(Array.from({ length: 24 }, () => makeEvent(s.community)));
    for (const [i, e] of past.entries()) {
      const start = now - (48 + Math.floor(i / 3)) * HOUR;
      await env.DB.prepare("UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?").bind(start, start + 2 * HOUR, e.id).run();
    }
    const [running, old] = await Promise.all([makeEvent(s.community), makeEvent(s.community)]);
    await env.DB.prepare("UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?").bind(now - HOUR, now + HOUR, running!.id).run();
    await env.DB.prepare("UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?").bind(now - 365 * 24 * HOUR, now - 365 * 24 * HOUR + HOUR, old!.id).run();

    const order = async (where: string, dir: "asc" | "desc") =>
      (await env.DB.prepare(`SELECT id FROM events WHERE community_id = ? AND ${where} ORDER BY starts_at ${dir}, id ${dir}`).bind(s.community.id, now).all<{ id: string }>()).results.map((r) => r.id);
    const expectedUpcoming = await order("ends_at >= ?", "asc");
    const expectedPast = await order("ends_at < ?", "desc");
    expect(expectedUpcoming).toHaveLength(28);
    expect(expectedUpcoming[0]).toBe(running!.id);
    expect(expectedPast).toHaveLength(25);
    expect(expectedPast.at(-1)).toBe(old!.id);
    expect(new Set(upcoming.map((e) => e.id))).toEqual(new Set(expectedUpcoming.slice(1)));

    const cookie = await signIn(s.member(1));
    const up = await walk(s.community.slug, cookie, "upcoming");
    expect(up.ids).toEqual(expectedUpcoming);
    expect(up.pages).toBe(2);
    const gone = await walk(s.community.slug, cookie, "past");
    expect(gone.ids).toEqual(expectedPast);
    expect(gone.pages).toBe(2);

    // The page links to the next page by cursor, and the next page back to the first.
    const first = await (await call(`/c/${s.community.slug}/events?when=past`, { cookie, headers: html })).text();
    const next = /href="([^"]*cursor=[^"]*)">Earlier →/.exec(first)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toContain("when=past");
    expect(first).not.toContain("Most recent");
    const second = await (await call(next!, { cookie, headers: html })).text();
    expect(second).toContain(`/events/${expectedPast[EVENTS_PAGE]}`);
    expect(second).not.toContain(`/events/${expectedPast[EVENTS_PAGE - 1]}"`);
    expect(second).toContain("← Most recent");
    expect(second).not.toContain("Earlier →");

    // A cursor not made by a page is refused by name, on the API and the page alike.
    const bad = await call(`/api/v1/communities/${s.community.slug}/events?cursor=${encodeURIComponent("1' or 1=1 --")}`, { cookie });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("cursor");
    expect((await call(`/c/${s.community.slug}/events?cursor=nope`, { cookie, headers: html })).status).toBe(400);
    expect(await errorMessage(await call(`/api/v1/communities/${s.community.slug}/events?page=2`, { cookie }))).toMatch(/page/i);
  });

  it("read each page off the index: no sort, no walk through the past", async () => {
    const s = await spaceCommunity({ members: 1 });
    const { deps } = tools();
    const events = await Promise.all(Array.from({ length: 25 }, (_, i) => makeEvent(s.community, { inHours: 24 + i })));
    // Two hundred events long past: the upcoming list must not read them to find what is to come.
    const stale = events.slice(0, 20);
    const longAgo = deps.now().getTime() - 400 * 24 * HOUR;
    for (const [i, e] of stale.entries()) await env.DB.prepare("UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?").bind(longAgo + i * HOUR, longAgo + i * HOUR + HOUR, e.id).run();
    const counter = countingD1(env.DB);
    const countedEnv = { ...env, DB: counter.db } as Env;
    const cookie = await signIn(s.member(1));
    const get = async (path: string) => {
      const res = await worker.fetch(new Request(BASE + path, { headers: { cookie } }), countedEnv, createExecutionContext());
      expect(res.status).toBe(200);
      return (await res.json()) as Listed;
    };
    counter.log.length = 0;
    counter.reset();
    const up = await get(`/api/v1/communities/${s.community.slug}/events`);
    expect(up.events).toHaveLength(5);
    const past = await get(`/api/v1/communities/${s.community.slug}/events?when=past`);
    expect(past.events).toHaveLength(20);
    const plans = (await queryPlans(env.DB, counter.log)).filter(({ sql }) => /from "events"/i.test(sql) && /order by "events"\."starts_at"/i.test(sql));
    expect(plans).toHaveLength(2);
    for (const { sql, plan } of plans) {
      expect(plan.filter((p) => /^SCAN events\b|TEMP B-TREE/.test(p)), sql).toEqual([]);
      expect(plan.join("\n"), sql).toContain("events_community_start_idx");
    }
    // The upcoming list's range starts a week back (no event lasts longer), so the twenty old
    // events are not among the rows it reads.
    expect(plans[0]!.plan.join("\n")).toMatch(/starts_at>\?/);
  });
});
