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
      for (const { sql, plan } of await plansOf(counter.log)) {
        if (SHOW) console.log(path, "\n", sql.slice(0, 400), "\n  ", plan.join("\n   "));
        expect(plan.filter((p) => /^SCAN (member_profiles|profile_facets|profile_answers|memberships|posts|applications)\b/.test(p)), sql).toEqual([]);
        if (/from "posts"/i.test(sql)) expect(plan.some((p) => p.includes("posts_author_idx")), sql).toBe(true);
        // The page itself comes off the facet index in order. (The name lookup re-reads the page as
        // its list of people; there SQLite may sort the filtered matches, bounded by rowsRead below.)
        if (/^select [^(]*from "profile_facets"/i.test(sql) && /order by/i.test(sql) && !/>= \?/.test(sql)) expect(plan.filter((p) => p.includes("TEMP B-TREE FOR ORDER BY")), `${path}: ${sql}`).toEqual([]);
      }
      expect(rowsRead, path).toBeLessThan(3000);
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
