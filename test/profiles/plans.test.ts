import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { seedPeople } from "../../bench/people-seed";
import { seedCommunity } from "../../bench/seed";
import { seedSpace } from "../../bench/space-seed";
import { countingD1, type Statement, queryPlans } from "../d1-counter";
import { BASE, signIn } from "../helpers";

/**
 * EXPLAIN QUERY PLAN over every statement of the directory, its filters, introductions and a
 * profile page, on a community of 3,000 profiles: none scans profiles, facets, memberships or
 * posts, filtered pages come off the facet index in order, and each request reads a bounded
 * number of rows.
 */

const SHOW = false;
const counter = countingD1(env.DB);
const countedEnv = { ...env, DB: counter.db } as Env;
const plansOf = (log: Statement[]) => queryPlans(env.DB, log, /^\s*(select|with)\b/i);
/** The directory page's keyset order, on the facet index (filters) or the profiles (none). */
const PAGE_ORDER = /order by "(profile_facets"\."sort_key|member_profiles"\."created_at)" desc, "(profile_facets|member_profiles)"\."public_id" desc/gi;

describe("directory query plans", { timeout: 180_000 }, () => {
  it("read by index only, whatever the community's size", async () => {
    const c = await seedCommunity("dirplans", { applications: 10, members: 3000, drops: 5, comments: 10, assignments: 10 });
    await seedSpace(c, "dirplans", { threads: 500, replies: 1000 }, 3000);
    const people = await seedPeople(c, "dirplans", 3000);
    const cookie = await signIn(c.memberEmail);
    const slug = c.community.slug;
    const paths = [
      `/c/${slug}/people`,
      `/c/${slug}/people?city=City+7&a.${people.hobbies}=hobby+3`,
      `/c/${slug}/people?q=kenjib`,
      `/c/${slug}/people?q=k`,
      `/c/${slug}/people?q=kenjib+l`,
      `/c/${slug}/people?city=City+7&q=kenjib`,
      `/c/${slug}/people?a.${people.hobbies}=hobby+3`,
      `/api/v1/communities/${slug}/people?city=City+7`,
      `/c/${slug}/people?new=1&tier=${c.member.id}`,
      `/c/${slug}/people?tier=${c.member.id}`,
      `/api/v1/communities/${slug}/introductions`,
      `/c/${slug}/people/${people.somePerson}`,
    ];
    for (const path of paths) {
      counter.reset();
      counter.log.length = 0;
      const res = await worker.fetch(new Request(BASE + path, { headers: { accept: "text/html", cookie } }), countedEnv, createExecutionContext());
      expect(res.status, path).toBe(200);
      await res.text();
      const rowsRead = counter.reset().rowsRead;
      const plans = await plansOf(counter.log);
      for (const { sql, plan } of plans) {
        if (SHOW) console.log(path, "\n", sql.slice(0, 400), "\n  ", plan.join("\n   "));
        expect(plan.filter((p) => /^SCAN (member_profiles|profile_facets|profile_answers|memberships|posts|applications)\b/.test(p)), sql).toEqual([]);
        if (/from "posts"/i.test(sql)) expect(plan.some((p) => p.includes("posts_author_idx")), sql).toBe(true);
      }
      if (path.includes("/people") && !path.includes("/people/")) {
        // The page is read once, by one statement that names and describes its people itself: no
        // other statement re-runs the filtered, ordered page as its list of people.
        const pages = counter.log.flatMap((s) => Array.from(s.sql.matchAll(PAGE_ORDER), () => s));
        expect(pages, path).toHaveLength(1);
        // And it comes off an index in directory order, a name search included: equality on a
        // word's prefix row, no range of names sorted (or de-duplicated) in a temporary B-tree.
        // (Top-level steps only: a card's badges are put in order within each person's handful.)
        const page = pages[0]!;
        const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${page.sql}`).bind(...page.params).all<{ parent: number; detail: string }>();
        const top = results.filter((r) => r.parent === 0).map((r) => r.detail);
        expect(top[0], path).toMatch(/^SEARCH (profile_facets|member_profiles|memberships) USING/);
        if (!path.includes("new=1")) expect(top.filter((p) => p.includes("TEMP B-TREE")), `${path}: ${page.sql}`).toEqual([]);
        if (path.includes("q=")) expect(page.sql, path).not.toMatch(/>= \?/);
      }
      if (SHOW) console.log(path, "rows read", rowsRead);
      expect(rowsRead, path).toBeLessThan(path.includes("q=") ? 1000 : 3000);
    }
    // The space page asks whether the reader already posted there (the welcome draft): by the
    // author's index, never by walking the space's threads.
    counter.reset();
    counter.log.length = 0;
    const space = await worker.fetch(new Request(`${BASE}/c/${slug}/s/ask`, { headers: { accept: "text/html", cookie } }), countedEnv, createExecutionContext());
    expect(space.status).toBe(200);
    await space.text();
    const own = (await plansOf(counter.log)).filter(({ sql }) => /^select "id" from "posts" where .*"author_email" = \?/i.test(sql));
    expect(own).toHaveLength(1);
    expect(own[0]!.plan.some((p) => p.includes("posts_author_idx")), own[0]!.plan.join("; ")).toBe(true);
  });
});
