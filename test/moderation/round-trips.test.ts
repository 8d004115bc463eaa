import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { countingD1 } from "../d1-counter";
import { BASE, signIn } from "../helpers";
import { OWNER } from "../spaces/helpers";
import { moderatedCommunity } from "./helpers";

const counter = countingD1(env.DB);
const countedEnv = { ...env, DB: counter.db } as Env;

async function counted(path: string, cookie: string) {
  counter.reset();
  const res = await worker.fetch(new Request(BASE + path, { headers: { accept: "text/html", cookie }, redirect: "manual" }), countedEnv, createExecutionContext());
  const html = await res.text();
  return { res, html, stats: counter.reset() };
}

/** Rows straight into D1 (one statement each): many open reports and held posts, as a busy week leaves them. */
async function busyQueue(communityId: string, spaceId: string, reporters: string[], held: number, reported: number) {
  const at = Date.now() - 3_600_000;
  const insertPosts = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
    INSERT INTO posts (id, community_id, space_id, author_email, body, status, held_reason, last_activity_at, created_at, updated_at)
    SELECT ?2 || printf('%06d', i), ?3, ?4, 'author' || i || '@example.com', 'Body ' || i, ?5, ?6, ?7 + i, ?7 + i, ?7 + i FROM n`;
  await env.DB.prepare(insertPosts).bind(held, "post_held", communityId, spaceId, "held", "first_posts", at).run();
  await env.DB.prepare(insertPosts).bind(reported, "post_rep", communityId, spaceId, "visible", null, at).run();
  for (const [k, reporter] of reporters.entries()) {
    await env.DB.prepare(
      `INSERT INTO reports (id, community_id, post_id, reporter_email, reason, created_at)
       SELECT 'rpt_' || ?1 || '_' || id, community_id, id, ?2, 'Reason from ' || ?2, created_at + ?1 FROM posts WHERE id LIKE 'post_rep%' AND community_id = ?3`,
    )
      .bind(k, reporter, communityId)
      .run();
  }
}

describe("the moderation queue's cost", () => {
  it("is the session's batch plus two, whatever the queue holds", async () => {
    const s = await moderatedCommunity();
    const cookie = await signIn(OWNER);
    const small = await counted(`/c/${s.community.slug}/admin/moderation`, cookie);
    expect(small.res.status).toBe(200);
    await busyQueue(s.community.id, s.spaces.ask.id, [s.member(1), s.member(2), s.member(3), s.member(4)], 400, 300);
    const busy = await counted(`/c/${s.community.slug}/admin/moderation`, cookie);
    expect(busy.res.status).toBe(200);
    expect(busy.html).toContain("4 reports");
    expect(busy.stats.roundTrips).toBeLessThanOrEqual(3);
    console.log(`moderation queue: empty ${JSON.stringify(small.stats)}; 400 held + 300 posts with 1,200 open reports ${JSON.stringify(busy.stats)}`);
  });
});
