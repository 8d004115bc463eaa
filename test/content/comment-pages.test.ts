import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/dev";
import type { Env } from "../../src/env";
import { COMMENT_PAGE } from "../../src/content/interaction";
import { countingD1, queryPlans } from "../d1-counter";
import { BASE, call, postForm, signIn, tools } from "../helpers";
import { contentCommunity, memberOf, staggeredDrop, unique } from "./helpers";

/**
 * A drop's comments are keyset pages (a cursor of a comment's time and id, never OFFSET and no
 * cap): the drop page opens on the latest page and walks back and forth by its links, the API
 * walks forward from the first comment, and each page comes off the (drop, created, id) index.
 */

const html = { accept: "text/html" };

/** `n` comments on the drop, written three to a millisecond (ties on the time at pages' edges), two of them deleted. */
async function seedComments(drop: { id: string; communityId: string }, author: string, n: number) {
  const start = tools().deps.now().getTime() - 86_400_000;
  const rows = Array.from({ length: n }, (_, i) => ({ id: `cmt_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`, at: start + Math.floor(i / 3), body: `Comment number ${i}` }));
  await env.DB.batch(
    rows.map((r, i) =>
      env.DB.prepare("INSERT INTO comments (id, drop_id, community_id, email, body, created_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)").bind(
        r.id,
        drop.id,
        drop.communityId,
        author,
        r.body,
        r.at,
        i === 7 || i === 60 ? start : null,
      ),
    ),
  );
  const shown = await env.DB.prepare("SELECT id FROM comments WHERE drop_id = ? AND deleted_at IS NULL ORDER BY created_at, id").bind(drop.id).all<{ id: string }>();
  return shown.results.map((r) => r.id);
}

const idsOn = (page: string) => [...page.matchAll(/<li class="card" id="(cmt_[0-9a-z]+)">/g)].map((m) => m[1]!);
const linkTo = (page: string, label: string) => new RegExp(`href="([^"]*)">${label}`).exec(page)?.[1]?.replaceAll("&amp;", "&") ?? null;

describe("a drop's comments", { timeout: 60_000 }, () => {
  it("page by keyset on the page and the API: every comment once, in order, ties included; the latest page first", async () => {
    const tiers = await contentCommunity();
    const alice = unique("alice");
    await memberOf(tiers.community, tiers.core, alice);
    const { drop } = await staggeredDrop(tiers.community, tiers, { title: "A long thread" });
    const expected = await seedComments(drop, alice, 123);
    expect(expected).toHaveLength(121);
    const cookie = await signIn(alice);
    const path = `/c/${tiers.community.slug}/drops/${drop.id}`;
    const get = async (href: string) => {
      const res = await call(href.startsWith("?") ? path + href : href, { cookie, headers: html });
      expect(res.status).toBe(200);
      return res.text();
    };

    // The page opens on the latest comments, oldest of them first, and counts them all.
    const latest = await get(path);
    expect(idsOn(latest)).toEqual(expected.slice(-COMMENT_PAGE));
    expect(latest).toContain("Comments (121)");
    expect(linkTo(latest, "Later comments →")).toBeNull();

    // Back to the first comment by "Earlier comments", then forward again to the latest.
    const back: string[][] = [idsOn(latest)];
    let page = latest;
    for (let href = linkTo(page, "← Earlier comments"); href; href = linkTo(page, "← Earlier comments")) {
      page = await get(href);
      back.unshift(idsOn(page));
    }
    expect(back).toHaveLength(3);
    expect(back.flat()).toEqual(expected);
    const forward: string[][] = [idsOn(page)];
    for (let href = linkTo(page, "Later comments →"); href; href = linkTo(page, "Later comments →")) {
      page = await get(href);
      forward.push(idsOn(page));
    }
    expect(forward.flat()).toEqual(expected);
    // "First comments" opens the first page from anywhere.
    const first = await get(linkTo(latest, "⇤ First comments")!);
    expect(idsOn(first)).toEqual(expected.slice(0, COMMENT_PAGE));
    expect(linkTo(first, "⇤ First comments")).toBeNull();

    // A new comment lands on the page its author is sent back to.
    const posted = await postForm(`${path}/comments`, { body: "The newest word" }, cookie);
    expect(posted.status).toBe(303);
    const [, anchor] = (posted.headers.get("location") ?? "").split("#");
    const after = await get(path);
    expect(idsOn(after).at(-1)).toBe(anchor);
    expect(after).toContain("Comments (122)");

    // The API walks forward from the first comment.
    const walked: string[] = [];
    let cursor: string | null = null;
    let calls = 0;
    do {
      const res = await call(`/api/v1/communities/${tiers.community.slug}/drops/${drop.id}/comments${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, { cookie });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { comments: { id: string }[]; nextCursor: string | null };
      expect(body.comments.length).toBeLessThanOrEqual(COMMENT_PAGE);
      walked.push(...body.comments.map((c) => c.id));
      cursor = body.nextCursor;
      calls++;
    } while (cursor && calls < 10);
    expect(walked).toEqual([...expected, anchor]);
    expect(calls).toBe(3);

    // Cursors not made by a page are refused by name.
    expect((await call(`${path}?before=nope`, { cookie, headers: html })).status).toBe(400);
    expect((await call(`${path}?before=${encodeURIComponent("1' or 1=1 --")}`, { cookie, headers: html })).status).toBe(400);
    expect((await call(`${path}?before=1.cmt_a&after=2.cmt_b`, { cookie, headers: html })).status).toBe(400);
    const bad = await call(`/api/v1/communities/${tiers.community.slug}/drops/${drop.id}/comments?cursor=nope`, { cookie });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("cursor");
  });

  it("a short thread shows whole, with no pager; the count is capped past a thousand", async () => {
    const tiers = await contentCommunity();
    const alice = unique("alice");
    await memberOf(tiers.community, tiers.core, alice);
    const { drop } = await staggeredDrop(tiers.community, tiers);
    const expected = await seedComments(drop, alice, 12);
    const cookie = await signIn(alice);
    const path = `/c/${tiers.community.slug}/drops/${drop.id}`;
    const short = await (await call(path, { cookie, headers: html })).text();
    expect(idsOn(short)).toEqual(expected);
    expect(short).toContain("Comments (11)");
    expect(short).not.toContain('aria-label="Comment pages');

    const { drop: busy } = await staggeredDrop(tiers.community, tiers);
    await seedComments(busy, alice, 1_010);
    const many = await (await call(`/c/${tiers.community.slug}/drops/${busy.id}`, { cookie, headers: html })).text();
    expect(many).toContain("Comments (1,000+)");
    expect(idsOn(many)).toHaveLength(COMMENT_PAGE);
  });

  it("read each page off the index, without a sort", async () => {
    const tiers = await contentCommunity();
    const alice = unique("alice");
    await memberOf(tiers.community, tiers.core, alice);
    const { drop } = await staggeredDrop(tiers.community, tiers);
    const expected = await seedComments(drop, alice, 60);
    const counter = countingD1(env.DB);
    const countedEnv = { ...env, DB: counter.db } as Env;
    const cookie = await signIn(alice);
    const path = `/c/${tiers.community.slug}/drops/${drop.id}`;
    const cursorOf = async (id: string) => {
      const row = await env.DB.prepare("SELECT created_at AS at FROM comments WHERE id = ?").bind(id).first<{ at: number }>();
      return `${row!.at}.${id}`;
    };
    counter.log.length = 0;
    counter.reset();
    for (const href of [path, `${path}?before=${await cursorOf(expected[30]!)}`, `${path}?after=${await cursorOf(expected[5]!)}`, `/api/v1/communities/${tiers.community.slug}/drops/${drop.id}/comments`]) {
      const res = await worker.fetch(new Request(BASE + href, { headers: { cookie, accept: "text/html" } }), countedEnv, createExecutionContext());
      expect(res.status, href).toBe(200);
    }
    const plans = await queryPlans(env.DB, counter.log);
    const pages = plans.filter(({ sql }) => /^select "id", "drop_id".* from "comments" .*order by "comments"\."created_at"/i.test(sql));
    expect(pages).toHaveLength(4);
    for (const { sql, plan } of pages) {
      expect(plan.filter((p) => /^SCAN comments\b|TEMP B-TREE/.test(p)), sql).toEqual([]);
      expect(plan.join("\n"), sql).toContain("comments_drop_idx");
    }
    // The pages before and after a cursor seek the index to it rather than walk up to it.
    expect(pages.map(({ plan }) => plan.join("\n").match(/\(created_at,id\)[<>]\(\?,\?\)/)?.[0] ?? null)).toEqual([null, "(created_at,id)<(?,?)", "(created_at,id)>(?,?)", null]);
    // Naming the page's authors reads the same page off the index.
    for (const { sql, plan } of plans.filter(({ sql }) => sql.startsWith('with "wanted"'))) expect(plan.filter((p) => /^SCAN comments\b/.test(p)), sql).toEqual([]);
  });
});
