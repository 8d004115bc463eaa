import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { countingD1, queryPlans } from "../d1-counter";
import { BASE, signIn, tools } from "../helpers";
import { OWNER, spaceCommunity } from "../spaces/helpers";

/**
 * A later page of a keyset list starts at its cursor by seeking the index there, and reads it in
 * order (each list's index ends in its sort column and the id): the plan of every "past the
 * cursor" condition (`pastCursor`, src/lib/cursor.ts) shows the seek,
 * `(…=? AND (created_at,id)<(?,?))`. Written as `created_at < ? or (created_at = ? and id < ?)`,
 * SQLite walks every index entry before the position instead, so page 500 costs 500 pages.
 * The plan does not depend on the rows, so one cursor from far in the past (or future) per list
 * is enough; each list's own tests walk real pages.
 */

/**
 * A seek on the sort column: to the row value (sort, id), or to the time where another bound on
 * it is the one SQLite seeks by (the feed's `publish_at <= now`), then reading on in index order.
 */
const seekOn = (column: string) => new RegExp(`\\(${column},[a-z_]+\\)[<>]\\(\\?,\\?\\)|\\b${column}[<>]\\?`);

const GROWING = /^SCAN (member_profiles|member_points|memberships|applications|comments|drops|notifications|events|audit_log)\b/;

describe("keyset pages", { timeout: 60_000 }, () => {
  it("seek the index to their cursor, on every list that pages by one", async () => {
    const s = await spaceCommunity({ members: 2 });
    const { slug } = s.community;
    const ms = tools().deps.now().getTime() - 3_600_000;
    const counter = countingD1(env.DB);
    const countedEnv = { ...env, DB: counter.db } as Env;
    const [owner, member] = await Promise.all([signIn(OWNER), signIn(s.member(1))]);
    const api = `/api/v1/communities/${slug}`;
    // [who asks, path with a later page's cursor, the table paged, its sort column]
    const lists: [string, string, string, string][] = [
      [owner, `${api}/applications?cursor=${ms}:app_zzzz`, "applications", "created_at"],
      [owner, `${api}/members?cursor=${ms}:mem_zzzz`, "memberships", "created_at"],
      [owner, `${api}/audit?cursor=${ms}:aud_zzzz`, "audit_log", "created_at"],
      [member, `${api}/feed?before=${ms}:drop_zzzz`, "drops", "publish_at"],
      [member, `${api}/notifications?before=${ms}.ntf_${"z".repeat(20)}`, "notifications", "created_at"],
      [member, `${api}/events?cursor=${ms + 86_400_000}.evt_zzzz`, "events", "starts_at"],
      [member, `${api}/events?when=past&cursor=${ms}.evt_zzzz`, "events", "starts_at"],
      [member, `${api}/spaces/ask/threads?cursor=${ms}.post_zzzz`, "posts", "created_at"],
      [member, `/c/${slug}/home?before=${ms}:post_zzzz`, "posts", "created_at"],
      [member, `${api}/people?cursor=${ms}.zzzzzzzz`, "member_profiles", "created_at"],
      [owner, `${api}/moderation?heldCursor=${ms}.post_zzzz`, "posts", "created_at"],
    ];
    for (const [cookie, path, table, column] of lists) {
      counter.log.length = 0;
      const res = await worker.fetch(new Request(BASE + path, { headers: { cookie, accept: "text/html" } }), countedEnv, createExecutionContext());
      expect(res.status, path).toBe(200);
      const plans = await queryPlans(env.DB, counter.log);
      // No statement of the request reads a whole table that grows with the community.
      expect(plans.flatMap(({ plan }) => plan.filter((p) => GROWING.test(p))), path).toEqual([]);
      // The statements with a cursor condition on this list's table, in either spelling.
      const paged = plans.filter(({ sql }) => new RegExp(`from "${table}"`, "i").test(sql) && /\) [<>] \(\?, \?\)| [<>] \? or \(/.test(sql));
      expect(paged.length, path).toBeGreaterThanOrEqual(1);
      for (const { sql, plan } of paged) {
        expect(plan.some((p) => p.includes(` ${table} `) && seekOn(column).test(p)), `${path}\n${sql}\n${plan.join("\n")}`).toBe(true);
        // Each list's index ends in (sort, id): the page comes off it in order, with no sort of the rows that tie on the time.
        expect(plan.filter((p) => /TEMP B-TREE FOR (LAST TERM|RIGHT PART) OF ORDER BY/.test(p)), `${path}\n${sql}`).toEqual([]);
      }
    }
  });
});
