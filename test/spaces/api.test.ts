import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberActivityDaily, pollOptions, polls, posts, spaces } from "../../drizzle";
import { devClock } from "../../src/dev/clock";
import { signIn, tools } from "../helpers";
import { api, expectError, json } from "../api/helpers";
import { OWNER, post, reply, setSpaceSettings, spaceCommunity } from "./helpers";

const activity = async (communityId: string, email: string) =>
  (await tools().deps.db.select().from(memberActivityDaily).where(and(eq(memberActivityDaily.communityId, communityId), eq(memberActivityDaily.email, email))))[0];

describe("spaces API", () => {
  it("lists readable spaces, creates a thread with a poll, pages through threads by cursor, and reads the thread", async () => {
    const s = await spaceCommunity();
    const cookie = await signIn(s.member1);
    const base = `/communities/${s.community.slug}/spaces`;
    const listed = await json(await api(base, { auth: cookie }));
    expect(listed.spaces.map((x: { slug: string }) => x.slug)).toEqual(["ask", "news"]);
    expect(listed.spaces.find((x: { slug: string }) => x.slug === "news").canPost).toBe(false);

    const created = await api(`${base}/ask/threads`, { method: "POST", auth: cookie, body: { title: "Which CRM?", body: "Looking for one", poll: { options: ["HubSpot", "Notion"], kind: "multiple" } } });
    expect(created.status).toBe(201);
    const thread = await json(created);
    expect(thread).toMatchObject({ title: "Which CRM?", status: "visible", author: { name: expect.stringMatching(/^Member [0-9A-Z]{4} · Level 1$/), me: true } });
    expect(JSON.stringify(thread)).not.toContain(s.member1);

    for (let i = 0; i < 4; i++) await post(s.community, s.spaces.ask, s.member(2), { body: `Filler ${i}` });
    const first = await json(await api(`${base}/ask/threads?limit=3`, { auth: cookie }));
    expect(first.threads).toHaveLength(3);
    expect(first.next).toBeTruthy();
    const second = await json(await api(`${base}/ask/threads?limit=3&cursor=${encodeURIComponent(first.next)}`, { auth: cookie }));
    expect(second.threads).toHaveLength(2);
    expect(second.next).toBeNull();
    const all = [...first.threads, ...second.threads].map((t: { id: string }) => t.id);
    expect(new Set(all).size).toBe(5);
    expect(all).toContain(thread.id);
    expect(await expectError(await api(`${base}/ask/threads?cursor=nonsense`, { auth: cookie }), 400, "validation_failed")).toContain("cursor");

    const detail = await json(await api(`${base}/ask/threads/${thread.id}`, { auth: cookie }));
    expect(detail.poll).toMatchObject({ kind: "multiple", voterCount: 0, closed: false });
    expect(detail.poll.options.every((o: { votes: number | null }) => o.votes === null)).toBe(true);
  });

  it("votes: changeable until close, counts in step, one option for single choice, refused after close", async () => {
    const s = await spaceCommunity();
    const { deps } = tools();
    const p = await post(s.community, s.spaces.ask, s.member1, { body: "Vote", poll: { options: ["A", "B", "C"], closesAt: new Date(deps.now().getTime() + 3_600_000).toISOString() } });
    const opts = await deps.db.select().from(pollOptions).where(eq(pollOptions.postId, p.id)).orderBy(pollOptions.position);
    const cookie = await signIn(s.member(2));
    const url = `/communities/${s.community.slug}/spaces/ask/threads/${p.id}/votes`;
    const voted = await json(await api(url, { method: "POST", auth: cookie, body: { options: [opts[0]!.id] } }));
    expect(voted.poll.options.map((o: { votes: number }) => o.votes)).toEqual([1, 0, 0]);
    const changed = await json(await api(url, { method: "POST", auth: cookie, body: { options: [opts[1]!.id] } }));
    expect(changed.poll.options.map((o: { votes: number }) => o.votes)).toEqual([0, 1, 0]);
    expect(changed.poll.voterCount).toBe(1);
    expect(changed.poll.mine).toEqual([opts[1]!.id]);
    expect(await expectError(await api(url, { method: "POST", auth: cookie, body: { options: [opts[0]!.id, opts[1]!.id] } }), 400, "validation_failed")).toContain("options");
    expect(await expectError(await api(url, { method: "POST", auth: cookie, body: { options: ["opt_unknown"] } }), 400, "validation_failed")).toContain("options");
    expect(await expectError(await api(url, { method: "POST", auth: cookie, body: { options: [] } }), 400, "validation_failed")).toContain("options");
    expect((await activity(s.community.id, s.member(2)))!.votes).toBe(2);

    await deps.db.update(polls).set({ closesAt: new Date(deps.now().getTime() - 1000) }).where(eq(polls.postId, p.id));
    await expectError(await api(url, { method: "POST", auth: cookie, body: { options: [opts[2]!.id] } }), 409, "conflict");
    const poll = await deps.db.query.polls.findFirst({ where: eq(polls.postId, p.id) });
    expect(poll!.voterCount).toBe(1);
    const after = await deps.db.select().from(pollOptions).where(eq(pollOptions.postId, p.id)).orderBy(pollOptions.position);
    expect(after.map((o) => o.voteCount)).toEqual([0, 1, 0]);
  });

  it("results after close stay hidden from voters until the close", async () => {
    const s = await spaceCommunity();
    const { deps } = tools();
    const p = await post(s.community, s.spaces.ask, s.member1, { body: "Blind vote", poll: { options: ["A", "B"], results: "after_close" } });
    const opts = await deps.db.select().from(pollOptions).where(eq(pollOptions.postId, p.id)).orderBy(pollOptions.position);
    const cookie = await signIn(s.member(2));
    const voted = await json(await api(`/communities/${s.community.slug}/spaces/ask/threads/${p.id}/votes`, { method: "POST", auth: cookie, body: { options: [opts[0]!.id] } }));
    expect(voted.poll.options.map((o: { votes: number | null }) => o.votes)).toEqual([null, null]);
    const owner = await json(await api(`/communities/${s.community.slug}/spaces/ask/threads/${p.id}`, { auth: await signIn(OWNER) }));
    expect(owner.poll.options.map((o: { votes: number | null }) => o.votes)).toEqual([1, 0]);
  });

  it("reactions: once per emoji (409 twice), counts and activity for reactor and author, none for oneself", async () => {
    const s = await spaceCommunity();
    const p = await post(s.community, s.spaces.ask, s.member1, { body: "React to me" });
    const url = `/communities/${s.community.slug}/spaces/ask/posts/${p.id}/reactions`;
    const cookie = await signIn(s.member(2));
    expect((await api(url, { method: "POST", auth: cookie, body: { emoji: "heart" } })).status).toBe(201);
    await expectError(await api(url, { method: "POST", auth: cookie, body: { emoji: "heart" } }), 409, "conflict");
    expect(await expectError(await api(url, { method: "POST", auth: cookie, body: { emoji: "skull" } }), 400, "validation_failed")).toContain("emoji");
    const self = await signIn(s.member1);
    expect((await api(url, { method: "POST", auth: self, body: { emoji: "tada" } })).status).toBe(201);
    const { deps } = tools();
    expect((await deps.db.query.posts.findFirst({ where: eq(posts.id, p.id) }))!.reactionCount).toBe(2);
    expect((await activity(s.community.id, s.member(2)))!.reactionsGiven).toBe(1);
    expect((await activity(s.community.id, s.member1))).toMatchObject({ reactionsReceived: 1, reactionsGiven: 0 });
    expect((await api(`${url}/heart`, { method: "DELETE", auth: cookie })).status).toBe(204);
    await expectError(await api(`${url}/heart`, { method: "DELETE", auth: cookie }), 404, "not_found");
    expect((await deps.db.query.posts.findFirst({ where: eq(posts.id, p.id) }))!.reactionCount).toBe(1);
    expect((await activity(s.community.id, s.member(2)))!.reactionsGiven).toBe(0);
  });

  it("bad posts name the field and write nothing; read-only and locked spaces refuse", async () => {
    const s = await spaceCommunity();
    const cookie = await signIn(s.member1);
    const base = `/communities/${s.community.slug}/spaces`;
    const cases: [unknown, string][] = [
      [{ body: "" }, "body"],
      [{ body: "x".repeat(20_001) }, "body"],
      [{ body: "ok", poll: { options: ["one"] } }, "poll.options"],
      [{ body: "ok", poll: { options: ["Same", "same"] } }, "poll.options"],
      [{ body: "ok", title: 5 }, "title"],
    ];
    for (const [body, field] of cases) expect(await expectError(await api(`${base}/ask/threads`, { method: "POST", auth: cookie, body }), 400, "validation_failed")).toContain(field);
    await expectError(await api(`${base}/news/threads`, { method: "POST", auth: cookie, body: { body: "Not mine to post" } }), 403, "forbidden");
    await expectError(await api(`${base}/lounge/threads`, { method: "POST", auth: cookie, body: { body: "Let me in" } }), 404, "not_found");
    const { deps } = tools();
    expect(await deps.db.select().from(posts).where(eq(posts.communityId, s.community.id))).toEqual([]);

    const p = await post(s.community, s.spaces.ask, s.member(2), { body: "Lock me" });
    const owner = await signIn(OWNER);
    expect((await api(`${base}/ask/threads/${p.id}/lock`, { method: "POST", auth: owner, body: { on: true } })).status).toBe(200);
    await expectError(await api(`${base}/ask/threads/${p.id}/replies`, { method: "POST", auth: cookie, body: { body: "Too late" } }), 403, "forbidden");
    expect((await api(`${base}/ask/threads/${p.id}/replies`, { method: "POST", auth: owner, body: { body: "Staff still can" } })).status).toBe(201);
    await expectError(await api(`${base}/ask/threads/${p.id}/pin`, { method: "POST", auth: cookie, body: { on: true } }), 403, "forbidden");
    const pinned = await json(await api(`${base}/ask/threads/${p.id}/pin`, { method: "POST", auth: owner, body: { on: true } }));
    expect(pinned.pinnedAt).not.toBeNull();
    const page = await json(await api(`${base}/ask/threads`, { auth: cookie }));
    expect(page.pinned.map((t: { id: string }) => t.id)).toEqual([p.id]);
    expect(page.threads.map((t: { id: string }) => t.id)).not.toContain(p.id);
  });

  it("authors edit within the window (editedAt set) and delete their own; others cannot", async () => {
    const s = await spaceCommunity();
    await setSpaceSettings(s.community, { editMinutes: 10 });
    const p = await post(s.community, s.spaces.ask, s.member1, { title: "Typo", body: "Teh body" });
    const r = await reply(s.community, s.spaces.ask, s.member(2), p.id, "A reply");
    const base = `/communities/${s.community.slug}/spaces/ask/posts`;
    const author = await signIn(s.member1);
    const other = await signIn(s.member(2));
    const edited = await json(await api(`${base}/${p.id}`, { method: "PATCH", auth: author, body: { title: "Fixed", body: "The body" } }));
    expect(edited).toMatchObject({ title: "Fixed", body: "The body" });
    expect(edited.editedAt).not.toBeNull();
    expect(await json(await api(`${base}/${p.id}`, { method: "PATCH", auth: author, body: { body: "Body only" } }))).toMatchObject({ title: "Fixed", body: "Body only" });
    await expectError(await api(`${base}/${p.id}`, { method: "PATCH", auth: other, body: { body: "Hijack" } }), 403, "forbidden");
    expect(await expectError(await api(`${base}/${r.id}`, { method: "PATCH", auth: other, body: { title: "No titles", body: "x" } }), 400, "validation_failed")).toContain("title");
    devClock.advance(11 * 60_000);
    try {
      await expectError(await api(`${base}/${p.id}`, { method: "PATCH", auth: author, body: { body: "Too late" } }), 403, "forbidden");
    } finally {
      devClock.advance(-11 * 60_000);
    }
    await expectError(await api(`${base}/${r.id}`, { method: "DELETE", auth: author }), 403, "forbidden");
    expect((await api(`${base}/${r.id}`, { method: "DELETE", auth: other })).status).toBe(204);
    expect((await api(`${base}/${r.id}`, { method: "DELETE", auth: other })).status).toBe(404);
    const { deps } = tools();
    expect((await deps.db.query.posts.findFirst({ where: eq(posts.id, p.id) }))!.replyCount).toBe(0);
    expect((await api(`${base}/${p.id}`, { method: "DELETE", auth: author })).status).toBe(204);
    expect((await deps.db.query.spaces.findFirst({ where: eq(spaces.id, s.spaces.ask.id) }))!.threadCount).toBe(0);
    await expectError(await api(`/communities/${s.community.slug}/spaces/ask/threads/${p.id}`, { auth: other }), 404, "not_found");
  });

  it("owners create, update, archive and restore spaces through the API; members cannot; the OpenAPI document lists the endpoints", async () => {
    const s = await spaceCommunity();
    const base = `/communities/${s.community.slug}/spaces`;
    const owner = await signIn(OWNER);
    const created = await api(base, { method: "POST", auth: owner, body: { name: "Life & hobbies", slug: "life", emoji: "🌱" } });
    expect(created.status).toBe(201);
    const updated = await json(await api(`${base}/life`, { method: "PUT", auth: owner, body: { name: "Life", slug: "life", readKind: "tier", readTierId: s.tiers.core.id } }));
    expect(updated).toMatchObject({ name: "Life", readKind: "tier", readTierId: s.tiers.core.id });
    expect(await expectError(await api(base, { method: "POST", auth: owner, body: { name: "", slug: "x" } }), 400, "validation_failed")).toContain("name");
    await expectError(await api(base, { method: "POST", auth: await signIn(s.member1), body: { name: "Mine", slug: "mine" } }), 403, "forbidden");
    await expectError(await api(base, { method: "POST", body: { name: "Mine", slug: "mine" } }), 401, "unauthenticated");
    // Archiving takes the space out of a member's list and pages; restoring brings it back.
    const member = await signIn(s.member1);
    const listed = async () => ((await json(await api(base, { auth: member }))).spaces as { slug: string }[]).map((x) => x.slug);
    expect(await listed()).toContain("ask");
    await expectError(await api(`${base}/ask/archive`, { method: "POST", auth: member, body: { on: true } }), 403, "forbidden");
    const archived = await json(await api(`${base}/ask/archive`, { method: "POST", auth: owner, body: { on: true } }));
    expect(archived.archivedAt).not.toBeNull();
    expect(await listed()).not.toContain("ask");
    expect((await api(`${base}/ask/threads`, { auth: member })).status).toBe(404);
    expect(await expectError(await api(`${base}/ask/archive`, { method: "POST", auth: owner, body: { on: "yes" } }), 400, "validation_failed")).toContain("on");
    expect((await json(await api(`${base}/ask/archive`, { method: "POST", auth: owner, body: { on: false } }))).archivedAt).toBeNull();
    expect(await listed()).toContain("ask");
    const doc = await json(await api("/openapi.json"));
    for (const path of ["/communities/{slug}/spaces", "/communities/{slug}/spaces/{space}/archive", "/communities/{slug}/spaces/{space}/threads/{postId}/votes", "/communities/{slug}/spaces/{space}/posts/{postId}/reactions/{emoji}"]) expect(doc.paths[path]).toBeDefined();
  });
});
