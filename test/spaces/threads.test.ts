import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { postReactions, posts, threadFollows } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { threadPageQuery, pinnedThreadsQuery } from "../../src/spaces/threads";
import { call, postForm, signIn, tools } from "../helpers";
import { OWNER, post, reply, setSpaceSettings, spaceCommunity } from "./helpers";

const html = { accept: "text/html" };

async function page(path: string, cookie: string | undefined) {
  const res = await call(path, { cookie, headers: html });
  return { status: res.status, text: await res.text() };
}

describe("thread life on the pages", () => {
  it("held posts show only to their author (marked) and staff; removed ones show their author the reason, nobody else anything", async () => {
    const s = await spaceCommunity();
    const { deps } = tools();
    const held = await post(s.community, s.spaces.ask, s.member1, { title: "Held one", body: "HELD-BODY" });
    const removed = await post(s.community, s.spaces.ask, s.member1, { title: "Removed one", body: "REMOVED-BODY" });
    await deps.db.update(posts).set({ status: "held", heldReason: "first_posts" }).where(eq(posts.id, held.id));
    await deps.db.update(posts).set({ status: "removed", removedReason: "Off topic here", removedBy: OWNER, removedAt: deps.now() }).where(eq(posts.id, removed.id));
    const author = await signIn(s.member1);
    const other = await signIn(s.member(2));
    const owner = await signIn(OWNER);
    const base = `/c/${s.community.slug}/s/ask`;

    const mine = await page(base, author);
    expect(mine.text).toContain("Waiting for a moderator");
    expect(mine.text).toContain("Off topic here");
    const theirs = await page(base, other);
    expect(theirs.text).not.toContain("Held one");
    expect(theirs.text).not.toContain("Removed one");

    const heldPage = await page(`${base}/t/${held.id}`, author);
    expect(heldPage.status).toBe(200);
    expect(heldPage.text).toContain("HELD-BODY");
    expect(heldPage.text).toContain("Waiting for a moderator");
    expect((await page(`${base}/t/${held.id}`, other)).status).toBe(404);
    expect((await page(`${base}/t/${held.id}`, owner)).text).toContain("HELD-BODY");

    const removedPage = await page(`${base}/t/${removed.id}`, author);
    expect(removedPage.status).toBe(200);
    expect(removedPage.text).toContain("Off topic here");
    expect(removedPage.text).not.toContain("REMOVED-BODY");
    const otherRemoved = await page(`${base}/t/${removed.id}`, other);
    expect(otherRemoved.status).toBe(404);
    expect(otherRemoved.text).not.toContain("Off topic here");
    expect((await page(`${base}/t/${removed.id}`, owner)).text).toContain("REMOVED-BODY");

    // A removed reply: its author sees the notice, others nothing.
    const t = await post(s.community, s.spaces.ask, s.member(3), { title: "Thread", body: "Open" });
    const r = await reply(s.community, s.spaces.ask, s.member1, t.id, "REPLY-BODY");
    await deps.db.update(posts).set({ status: "removed", removedReason: "Rude" }).where(eq(posts.id, r.id));
    const replyAuthor = await page(`${base}/t/${t.id}`, author);
    expect(replyAuthor.text).toContain("Rude");
    expect(replyAuthor.text).not.toContain("REPLY-BODY");
    const replyOther = await page(`${base}/t/${t.id}`, other);
    expect(replyOther.text).not.toContain("REPLY-BODY");
    expect(replyOther.text).not.toContain("Rude");
  });

  it("pages through a space by cursor with pinned threads first, newest or most active, and the query walks an index", async () => {
    const s = await spaceCommunity();
    const { deps } = tools();
    const ids: string[] = [];
    await setSpaceSettings(s.community, { postsPerHour: 0 });
    for (let i = 0; i < 23; i++) {
      const p = await post(s.community, s.spaces.ask, s.member1, { title: `Thread number ${i}`, body: "x" });
      await deps.db.update(posts).set({ createdAt: new Date(1_700_000_000_000 + i * 1000), lastActivityAt: new Date(1_700_000_000_000 + i * 1000) }).where(eq(posts.id, p.id));
      ids.push(p.id);
    }
    await reply(s.community, s.spaces.ask, s.member(2), ids[0]!, "Bumps the oldest");
    const cookie = await signIn(s.member(2));
    const owner = await signIn(OWNER);
    expect((await postForm(`/c/${s.community.slug}/s/ask/t/${ids[5]}/p/${ids[5]}/pin`, { on: "1" }, owner)).status).toBe(303);

    const first = await page(`/c/${s.community.slug}/s/ask`, cookie);
    const order = [...first.text.matchAll(/id="t-(post_[0-9a-z]+)"/g)].map((m) => m[1]);
    expect(order[0]).toBe(ids[5]);
    expect(order.slice(1, 4)).toEqual([ids[22], ids[21], ids[20]]);
    expect(order).toHaveLength(21);
    const next = /href="([^"]*cursor=[^"]+)"/.exec(first.text)![1]!.replace(/&amp;/g, "&");
    const second = await page(next, cookie);
    const rest = [...second.text.matchAll(/id="t-(post_[0-9a-z]+)"/g)].map((m) => m[1]);
    expect(rest).toEqual([ids[1], ids[0]]);
    expect(second.text).not.toContain("Older threads");

    const active = await page(`/c/${s.community.slug}/s/ask?sort=active`, cookie);
    expect([...active.text.matchAll(/id="t-(post_[0-9a-z]+)"/g)].map((m) => m[1]).slice(0, 2)).toEqual([ids[5], ids[0]]);

    // O(1) per page: the keyset query reads the space's index, never a scan or an OFFSET.
    for (const sort of ["new", "active"] as const) {
      const q = threadPageQuery(deps.db, s.spaces.ask.id, sort, { at: 1_700_000_010_000, id: ids[10]! }).toSQL();
      expect(q.sql).not.toMatch(/offset/i);
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).bind(...q.params).all<{ detail: string }>();
      const details = plan.results.map((r) => r.detail).join("\n");
      expect(details).toContain(sort === "new" ? "posts_space_threads_idx" : "posts_space_activity_idx");
      expect(details).not.toMatch(/SCAN posts(?! USING)/);
    }
    // Pinned threads come off their partial index: a space with 40,000 threads does not walk them all.
    const pinned = pinnedThreadsQuery(deps.db, s.spaces.ask.id).toSQL();
    const pinnedPlan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${pinned.sql}`).bind(...pinned.params).all<{ detail: string }>();
    expect(pinnedPlan.results.map((r) => r.detail).join("\n")).toContain("posts_space_pinned_idx");
  });

  it("reactions toggle, edits, deletes, follows and locks through the page forms", async () => {
    const s = await spaceCommunity();
    const { deps } = tools();
    const p = await post(s.community, s.spaces.ask, s.member1, { title: "Form actions", body: "Original" });
    const author = await signIn(s.member1);
    const other = await signIn(s.member(2));
    const t = `/c/${s.community.slug}/s/ask/t/${p.id}`;
    expect((await postForm(`${t}/p/${p.id}/react`, { emoji: "heart" }, other)).status).toBe(303);
    expect((await page(t, other)).text).toContain('aria-pressed="true"');
    expect((await postForm(`${t}/p/${p.id}/react`, { emoji: "heart" }, other)).status).toBe(303);
    expect(await deps.db.select().from(postReactions).where(eq(postReactions.postId, p.id))).toEqual([]);
    expect((await deps.db.query.posts.findFirst({ where: eq(posts.id, p.id) }))!.reactionCount).toBe(0);

    expect((await postForm(`${t}/p/${p.id}/edit`, { title: "Form actions", body: "Edited **now**" }, author)).status).toBe(303);
    const edited = await page(t, other);
    expect(edited.text).toContain("<strong>now</strong>");
    expect(edited.text).toContain("edited");
    expect((await postForm(`${t}/p/${p.id}/edit`, { body: "Hijack" }, other)).status).toBe(403);

    expect((await postForm(`${t}/follow`, { on: "1" }, other)).status).toBe(303);
    expect(await deps.db.select().from(threadFollows).where(and(eq(threadFollows.postId, p.id), eq(threadFollows.email, s.member(2))))).toHaveLength(1);
    expect((await page(t, other)).text).toContain("Unfollow thread");
    expect((await postForm(`${t}/follow`, { on: "0" }, other)).status).toBe(303);
    expect(await deps.db.select().from(threadFollows).where(and(eq(threadFollows.postId, p.id), eq(threadFollows.email, s.member(2))))).toHaveLength(0);

    await setStaffRole(deps, s.community.id, "mod@example.com", "moderator");
    const mod = await signIn("mod@example.com");
    expect((await postForm(`${t}/p/${p.id}/lock`, { on: "1" }, other)).status).toBe(403);
    expect((await postForm(`${t}/p/${p.id}/lock`, { on: "1" }, mod)).status).toBe(303);
    const locked = await page(t, other);
    expect(locked.text).toContain("This thread is locked");
    expect(locked.text).not.toContain('id="reply"');
    expect((await postForm(`${t}/replies`, { body: "Sneaking in" }, other)).status).toBe(403);

    expect((await postForm(`${t}/p/${p.id}/delete`, {}, author)).status).toBe(303);
    expect((await page(t, other)).status).toBe(404);
    expect((await page(t, author)).status).toBe(404);
  });

  it("bad form input re-renders with the problem; a file whose bytes are not its type is refused and nothing is written", async () => {
    const s = await spaceCommunity();
    const cookie = await signIn(s.member1);
    const base = `/c/${s.community.slug}/s/ask`;
    const empty = await postForm(`${base}/posts`, { title: "Only a title", body: "   " }, cookie);
    expect(empty.status).toBe(400);
    const text = await empty.text();
    expect(text).toContain("Write something");
    expect(text).toContain('value="Only a title"');
    const onePoll = await postForm(`${base}/posts`, { body: "Poll", option1: "Lonely" }, cookie);
    expect(onePoll.status).toBe(400);
    expect(await onePoll.text()).toContain("at least two options");
    const dupes = await postForm(`${base}/posts`, { body: "Poll", option1: "Yes", option2: "yes" }, cookie);
    expect(dupes.status).toBe(400);
    expect(await dupes.text()).toContain("Each option must be different");
    const long = await postForm(`${base}/posts`, { body: "x".repeat(20_001) }, cookie);
    expect(long.status).toBe(400);

    const form = new FormData();
    form.set("body", "With a fake PDF");
    form.set("file", new File(["<html><script>alert(1)</script>"], "evil.pdf", { type: "application/pdf" }));
    const fake = await call(`${base}/posts`, { method: "POST", body: form, cookie });
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain("content is not application/pdf");
    const { deps } = tools();
    expect(await deps.db.select().from(posts).where(eq(posts.communityId, s.community.id))).toEqual([]);
    const stored = await env.FILES.list({ prefix: "posts/" });
    expect(stored.objects).toEqual([]);

    const t = await post(s.community, s.spaces.ask, s.member(2), { body: "Reply to me" });
    const badReply = await postForm(`${base}/t/${t.id}/replies`, { body: "" }, cookie);
    expect(badReply.status).toBe(400);
    expect(await badReply.text()).toContain("Write something");
  });
});
