import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberActivityDaily, posts, spaces } from "../../drizzle";
import { AppError } from "../../src/lib/errors";
import { editPost } from "../../src/spaces/actions";
import { createPost } from "../../src/spaces/posts";
import { tools } from "../helpers";
import { collect, OWNER, post, reply, setJoinedAt, setSpaceSettings, spaceCommunity, writeContext } from "./helpers";

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function searchIds(term: string): Promise<string[]> {
  const rows = await env.DB.prepare(`SELECT r.ref_id AS id FROM search_docs JOIN search_rows r ON r.id = search_docs.rowid WHERE search_docs MATCH ?1`).bind(term).all<{ id: string }>();
  return rows.results.map((r) => r.id);
}

describe("writing posts and replies", () => {
  it("a member posts in an open space; the space, the activity record, the follow and the search index follow in the same batch", async () => {
    const s = await spaceCommunity();
    const { deps } = tools();
    const { jobs, enqueue } = collect();
    const p = await createPost(deps, enqueue, await writeContext(s.community, s.spaces.ask, s.member1), { title: "Pricing a first workshop", body: "How did you price **yours**?" });
    expect(p.status).toBe("visible");
    expect(jobs).toEqual([{ kind: "post-written", postId: p.id }]);
    const space = await deps.db.query.spaces.findFirst({ where: eq(spaces.id, s.spaces.ask.id) });
    expect(space!.threadCount).toBe(1);
    expect(space!.lastPostAt?.getTime()).toBe(p.createdAt.getTime());
    const activity = await deps.db.select().from(memberActivityDaily).where(and(eq(memberActivityDaily.communityId, s.community.id), eq(memberActivityDaily.email, s.member1)));
    expect(activity.map((a) => a.posts)).toEqual([1]);
    expect(await searchIds("workshop")).toEqual([p.id]);

    const r = await reply(s.community, s.spaces.ask, s.member(2), p.id, "Day rate times two, then adjust.");
    const thread = await deps.db.query.posts.findFirst({ where: eq(posts.id, p.id) });
    expect(thread!.replyCount).toBe(1);
    expect(r.parentId).toBe(p.id);
    expect(await searchIds("adjust")).toEqual([r.id]);

    // Deleting takes it out of search at once.
    await deps.db.update(posts).set({ deletedAt: deps.now() }).where(eq(posts.id, r.id));
    expect(await searchIds("adjust")).toEqual([]);
  });

  it("members cannot post in a staff-only space nor read a lounge their tier does not open; the owner can", async () => {
    const s = await spaceCommunity();
    expect((await refusal(post(s.community, s.spaces.news, s.member1, { body: "Hello" }))).status).toBe(403);
    expect((await refusal(post(s.community, s.spaces.lounge, s.member1, { body: "Hello" }))).status).toBe(404);
    expect((await post(s.community, s.spaces.lounge, s.coreMember(1), { body: "Core hello" })).status).toBe("visible");
    expect((await post(s.community, s.spaces.news, OWNER, { title: "Welcome", body: "Meetup on Friday" })).status).toBe("visible");
    expect((await refusal(post(s.community, s.spaces.ask, "stranger@example.com", { body: "spam" }))).status).toBe(404);
  });

  it("bad input is refused naming the field, and nothing is written", async () => {
    const s = await spaceCommunity();
    const cases: [Record<string, unknown>, string][] = [
      [{ body: "   " }, "body"],
      [{ body: "x".repeat(20_001) }, "body"],
      [{ body: "ok", title: "t".repeat(201) }, "title"],
      [{ body: "ok", poll: { options: ["only one"] } }, "poll.options"],
      [{ body: "ok", poll: { options: ["Yes", "yes"] } }, "poll.options"],
      [{ body: "ok", poll: { options: ["a", "b"], closesAt: "2000-01-01T00:00:00Z" } }, "poll.closesAt"],
      [{ body: "ok", extra: 1 }, "extra"],
    ];
    for (const [input, field] of cases) {
      const err = await refusal(post(s.community, s.spaces.ask, s.member1, input));
      expect(err.status, JSON.stringify(input)).toBe(400);
      expect(err.details?.map((d) => d.field)).toContain(field);
    }
    const { deps } = tools();
    expect(await deps.db.select().from(posts).where(eq(posts.communityId, s.community.id))).toEqual([]);
  });

  it("a new member posting in parallel cannot get past 'hold the first N posts'", async () => {
    const s = await spaceCommunity();
    await setSpaceSettings(s.community, { holdFirstPosts: 2 });
    const ctx = await writeContext(s.community, s.spaces.ask, s.member1);
    const { deps } = tools();
    const written = await Promise.all(Array.from({ length: 8 }, (_, i) => createPost(deps, collect().enqueue, ctx, { body: `Post number ${i}` })));
    expect(written.filter((p) => p.status === "held").length).toBe(2);
    expect(written.filter((p) => p.status === "held").every((p) => p.heldReason === "first_posts")).toBe(true);
    const space = await deps.db.query.spaces.findFirst({ where: eq(spaces.id, s.spaces.ask.id) });
    expect(space!.threadCount).toBe(6);
    // Staff are never held.
    expect((await post(s.community, s.spaces.ask, OWNER, { body: "From the team" })).status).toBe("visible");
  });

  it("links from young accounts are held; older members' links are not", async () => {
    const s = await spaceCommunity();
    await setSpaceSettings(s.community, { holdLinksDays: 7 });
    const { deps } = tools();
    await setJoinedAt(s.community, s.member(2), new Date(deps.now().getTime() - 2 * 86_400_000));
    const young = await post(s.community, s.spaces.ask, s.member(2), { body: "See https://example.com/offer" });
    expect([young.status, young.heldReason]).toEqual(["held", "links"]);
    expect((await post(s.community, s.spaces.ask, s.member(2), { body: "No link here" })).status).toBe("visible");
    expect((await post(s.community, s.spaces.ask, s.member1, { body: "See https://example.com/guide" })).status).toBe("visible");
  });

  it("a young account editing a link into a visible post sends it back to the moderators", async () => {
    const s = await spaceCommunity();
    await setSpaceSettings(s.community, { holdLinksDays: 7 });
    const { deps } = tools();
    await setJoinedAt(s.community, s.member(3), new Date(deps.now().getTime() - 86_400_000));
    const before = (await env.DB.prepare("SELECT thread_count FROM spaces WHERE id = ?").bind(s.spaces.ask.id).first<number>("thread_count"))!;
    const plain = await post(s.community, s.spaces.ask, s.member(3), { title: "Tools", body: "Which tools do you use?" });
    expect(plain.status).toBe("visible");
    const ctx = await writeContext(s.community, s.spaces.ask, s.member(3));
    // An edit without a link keeps the post out.
    expect((await editPost(deps, ctx, plain, { title: "Tools", body: "Which tools do you all use?" })).status).toBe("visible");
    const edited = await editPost(deps, ctx, { ...plain, status: "visible" }, { title: "Tools", body: "Buy at www.example-shop.com" });
    expect([edited.status, edited.heldReason, edited.body]).toEqual(["held", "links", "Buy at www.example-shop.com"]);
    // Out of the space's count and the search index until a moderator approves it.
    expect(await env.DB.prepare("SELECT thread_count FROM spaces WHERE id = ?").bind(s.spaces.ask.id).first<number>("thread_count")).toBe(before);
    expect(await searchIds("shop")).not.toContain(plain.id);
    // A member past the window may edit links in freely.
    const older = await post(s.community, s.spaces.ask, s.member1, { body: "Plain" });
    const ctxOlder = await writeContext(s.community, s.spaces.ask, s.member1);
    expect((await editPost(deps, ctxOlder, older, { body: "See https://example.com/guide" })).status).toBe("visible");
  });

  it("the owner's posting limit answers 429 past the hour's allowance", async () => {
    const s = await spaceCommunity();
    await setSpaceSettings(s.community, { postsPerHour: 3 });
    for (let i = 0; i < 3; i++) await post(s.community, s.spaces.ask, s.member1, { body: `ok ${i}` });
    const err = await refusal(post(s.community, s.spaces.ask, s.member1, { body: "one too many" }));
    expect(err.status).toBe(429);
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("locked threads take replies from staff only; replies are one level deep", async () => {
    const s = await spaceCommunity();
    const { deps } = tools();
    const p = await post(s.community, s.spaces.ask, s.member1, { body: "Thread" });
    const r = await reply(s.community, s.spaces.ask, s.member(2), p.id, "First reply");
    expect((await refusal(reply(s.community, s.spaces.ask, s.member(3), r.id, "Nested"))).status).toBe(404);
    await deps.db.update(posts).set({ lockedAt: deps.now() }).where(eq(posts.id, p.id));
    expect((await refusal(reply(s.community, s.spaces.ask, s.member(3), p.id, "Late"))).status).toBe(403);
    expect((await reply(s.community, s.spaces.ask, OWNER, p.id, "Closing this")).status).toBe("visible");
  });
});
