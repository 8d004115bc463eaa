import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { posts } from "../../drizzle";
import { call, postForm, signIn, tools } from "../helpers";
import { post, reply, setSpaceSettings } from "../spaces/helpers";
import { moderatedCommunity, reportRows } from "./helpers";

describe("reporting posts", () => {
  it("a member reports a thread and a reply from the thread page's form; a second report of the same post is a 409", async () => {
    const s = await moderatedCommunity();
    const thread = await post(s.community, s.spaces.ask, s.member1, { title: "Cold outreach", body: "Buy my course at a discount" });
    const answer = await reply(s.community, s.spaces.ask, s.member(2), thread.id, "Please stop");
    const cookie = await signIn(s.member(3));
    const path = `/c/${s.community.slug}/s/ask/t/${thread.id}/report`;

    const first = await postForm(path, { post_id: thread.id, reason: "Advertising" }, cookie);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe(`/c/${s.community.slug}/s/ask/t/${thread.id}?reported=${thread.id}`);
    const onReply = await postForm(path, { post_id: answer.id, reason: "Rude" }, cookie);
    expect(onReply.headers.get("location")).toBe(`/c/${s.community.slug}/s/ask/t/${thread.id}?reported=${answer.id}#p-${answer.id}`);

    const again = await postForm(path, { post_id: thread.id, reason: "Still advertising" }, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("You already reported this post");
    const rows = await reportRows(thread.id);
    expect(rows.map((r) => [r.reporterEmail, r.reason, r.resolution])).toEqual([[s.member(3), "Advertising", null]]);

    // Double submit at once: one row, the other a 409.
    const other = await signIn(s.member(4));
    const both = await Promise.all([postForm(path, { post_id: answer.id, reason: "Rude" }, other), postForm(path, { post_id: answer.id, reason: "Rude" }, other)]);
    expect(both.map((r) => r.status).sort()).toEqual([303, 409]);
    expect((await reportRows(answer.id)).length).toBe(2);
  });

  it("the reason is required and capped at 500 characters, named on the page; nothing is filed", async () => {
    const s = await moderatedCommunity();
    const thread = await post(s.community, s.spaces.ask, s.member1, { body: "Hello" });
    const cookie = await signIn(s.member(2));
    for (const reason of ["   ", "x".repeat(501)]) {
      const res = await postForm(`/c/${s.community.slug}/report/${thread.id}`, { reason }, cookie);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("Reason:");
      expect(html).toContain('aria-invalid="true"');
    }
    expect(await reportRows(thread.id)).toEqual([]);
  });

  it("the standalone report page shows the post and files a report end to end", async () => {
    const s = await moderatedCommunity();
    const thread = await post(s.community, s.spaces.ask, s.member1, { title: "A <b>title</b>", body: "Body with <script>alert(1)</script>" });
    const cookie = await signIn(s.member(2));
    const page = await call(`/c/${s.community.slug}/report/${thread.id}`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="report-reason">');
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;");
    // Never any part of the author's email.
    expect(html).not.toContain(s.member1.split("@")[0]);
    const sent = await postForm(`/c/${s.community.slug}/report/${thread.id}`, { reason: "Spam" }, cookie);
    expect(sent.status).toBe(303);
    expect(await (await call(sent.headers.get("location")!, { cookie })).text()).toContain("A moderator will look at it");
    expect((await reportRows(thread.id)).length).toBe(1);
  });

  it("only readers report: a Member cannot report a Core-lounge post, nor held or removed posts, nor a post under another thread; 404 each time", async () => {
    const s = await moderatedCommunity();
    const lounge = await post(s.community, s.spaces.lounge, s.coreMember(1), { body: "Core only" });
    await setSpaceSettings(s.community, { holdFirstPosts: 1 });
    const held = await post(s.community, s.spaces.ask, s.member(4), { body: "My first post" });
    expect(held.status).toBe("held");
    await setSpaceSettings(s.community, { holdFirstPosts: 0 });
    const gone = await post(s.community, s.spaces.ask, s.member(2), { body: "Soon removed" });
    await tools().deps.db.update(posts).set({ status: "removed", removedReason: "Spam" }).where(eq(posts.id, gone.id));
    const visible = await post(s.community, s.spaces.ask, s.member(2), { body: "Visible" });
    const cookie = await signIn(s.member1);

    expect((await call(`/c/${s.community.slug}/report/${lounge.id}`, { cookie })).status).toBe(404);
    expect((await postForm(`/c/${s.community.slug}/s/lounge/t/${lounge.id}/report`, { post_id: lounge.id, reason: "x" }, cookie)).status).toBe(404);
    for (const p of [held, gone]) expect((await postForm(`/c/${s.community.slug}/report/${p.id}`, { reason: "x" }, cookie)).status).toBe(404);
    // The post exists and is readable, but not under this thread.
    expect((await postForm(`/c/${s.community.slug}/s/ask/t/${lounge.id}/report`, { post_id: visible.id, reason: "x" }, cookie)).status).toBe(404);
    expect((await postForm(`/c/${s.community.slug}/report/post_doesnotexist`, { reason: "x" }, cookie)).status).toBe(404);
    for (const p of [lounge, held, gone, visible]) expect(await reportRows(p.id)).toEqual([]);

    // The Core member may report the lounge post; nobody reports their own post.
    const core = await signIn(s.coreMember(1));
    expect((await postForm(`/c/${s.community.slug}/report/${lounge.id}`, { reason: "x" }, core)).status).toBe(403);
    const own = await postForm(`/c/${s.community.slug}/report/${visible.id}`, { reason: "x" }, await signIn(s.member(2)));
    expect(own.status).toBe(403);
    expect(await own.text()).toContain("You cannot report your own post");
    expect((await postForm(`/c/${s.community.slug}/report/${visible.id}`, { reason: "x" }, core)).status).toBe(303);

    // Signed out: sent to sign in; a stranger signed in: 404.
    expect((await call(`/c/${s.community.slug}/report/${visible.id}`)).headers.get("location")).toMatch(/^\/signin/);
    expect((await call(`/c/${s.community.slug}/report/${visible.id}`, { cookie: await signIn("stranger@example.com") })).status).toBe(404);
  });
});
