import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { pointDays, posts } from "../../drizzle";
import { dayOf, pointStatements, revokePointStatements } from "../../src/honours/points";
import { removePost } from "../../src/moderation/actions";
import { deletePost } from "../../src/spaces/actions";
import { visibleEffects } from "../../src/spaces/posts";
import { tools } from "../helpers";
import { post, reply, spaceCommunity, writeContext } from "../spaces/helpers";
import { awardsOf, pointsOf, react, unreact } from "./helpers";

describe("points from reactions", () => {
  it("earns the author a point when another member reacts, never for reacting to oneself", async () => {
    const s = await spaceCommunity({ members: 3 });
    const [a, b, c] = [s.member(1), s.member(2), s.member(3)];
    const thread = await post(s.community, s.spaces.ask, a, { title: "Hello", body: "First" });
    await react(s.community, s.spaces.ask, a, thread);
    expect((await pointsOf(s.community, a)).points).toBe(0);
    await react(s.community, s.spaces.ask, b, thread);
    await react(s.community, s.spaces.ask, c, thread);
    const totals = await pointsOf(s.community, a);
    expect(totals).toMatchObject({ points: 2, points7d: 2, points30d: 2, level: 1 });
    // Reactors earn nothing for reacting.
    expect((await pointsOf(s.community, b)).points).toBe(0);
    const { deps } = tools();
    const days = await deps.db.select().from(pointDays).where(eq(pointDays.email, a));
    expect(days).toEqual([{ communityId: s.community.id, day: dayOf(deps.now()), email: a, points: 2 }]);
  });

  it("counts one point per member and post, however many emojis, and takes it back with the last one", async () => {
    const s = await spaceCommunity({ members: 2 });
    const [a, b] = [s.member(1), s.member(2)];
    const thread = await post(s.community, s.spaces.ask, a, { title: "Hi", body: "Body" });
    const answer = await reply(s.community, s.spaces.ask, b, thread.id, "A reply");
    await react(s.community, s.spaces.ask, b, thread, "thumbsup");
    await react(s.community, s.spaces.ask, b, thread, "tada");
    await react(s.community, s.spaces.ask, a, answer, "heart");
    expect((await pointsOf(s.community, a)).points).toBe(1);
    expect((await pointsOf(s.community, b)).points).toBe(1);
    await unreact(s.community, s.spaces.ask, b, thread, "thumbsup");
    expect((await pointsOf(s.community, a)).points).toBe(1);
    await unreact(s.community, s.spaces.ask, b, thread, "tada");
    expect(await pointsOf(s.community, a)).toMatchObject({ points: 0, points7d: 0, points30d: 0 });
    expect(await awardsOf(s.community, a)).toEqual([]);
  });

  it("takes points back when content is removed or deleted, gives them back on restore, and earns none on hidden content", async () => {
    const s = await spaceCommunity({ members: 3 });
    const [a, b, c] = [s.member(1), s.member(2), s.member(3)];
    const { deps } = tools();
    const thread = await post(s.community, s.spaces.ask, a, { title: "Removed later", body: "Body" });
    const mine = await reply(s.community, s.spaces.ask, a, thread.id, "Deleted later");
    await react(s.community, s.spaces.ask, b, thread);
    await react(s.community, s.spaces.ask, c, thread);
    await react(s.community, s.spaces.ask, b, mine);
    expect((await pointsOf(s.community, a)).points).toBe(3);

    await removePost(deps, { community: s.community, email: "owner@example.com" }, thread.id, { reason: "Off topic" });
    expect((await pointsOf(s.community, a)).points).toBe(1);
    // A second removal changes nothing.
    await removePost(deps, { community: s.community, email: "owner@example.com" }, thread.id, { reason: "Off topic" }).catch(() => undefined);
    expect((await pointsOf(s.community, a)).points).toBe(1);

    await deletePost(deps, await writeContext(s.community, s.spaces.ask, a), mine);
    expect((await pointsOf(s.community, a)).points).toBe(0);

    // Restoring the removed thread (status visible again, through the space's visibility hook).
    const restored = { ...thread, status: "visible" as const };
    await deps.db.batch([deps.db.update(posts).set({ status: "visible", removedAt: null }).where(eq(posts.id, thread.id)), ...visibleEffects(deps.db, restored, deps.now())]);
    expect((await pointsOf(s.community, a)).points).toBe(2);
    // Run twice: still two.
    await deps.db.batch([deps.db.run(sql`select 1`), ...visibleEffects(deps.db, restored, deps.now())]);
    expect((await pointsOf(s.community, a)).points).toBe(2);
    expect(await awardsOf(s.community, a)).toHaveLength(2);

    // Removed content earns nothing, even from a reaction that raced the removal (the post as read
    // before it: the award's own condition reads the post's status in the batch).
    await removePost(deps, { community: s.community, email: "owner@example.com" }, thread.id, { reason: "Again" });
    expect((await pointsOf(s.community, a)).points).toBe(0);
    await react(s.community, s.spaces.ask, c, restored, "tada");
    expect((await pointsOf(s.community, a)).points).toBe(0);
    const fresh = (await deps.db.select().from(posts).where(eq(posts.id, thread.id)))[0]!;
    await expect(react(s.community, s.spaces.ask, b, fresh, "heart")).rejects.toThrow(/not found|Post/i);
  });
});

describe("pointStatements", () => {
  it("awards once per source however often the batch runs, and revokes", async () => {
    const s = await spaceCommunity({ members: 1 });
    const { deps } = tools();
    const input = { communityId: s.community.id, email: s.member1.toUpperCase(), points: 10, reason: "event attendance", sourceKind: "event", sourceId: "evt_1", at: deps.now() };
    for (let i = 0; i < 3; i++) await deps.db.batch([...pointStatements(deps.db, input)] as [ReturnType<typeof pointStatements>[number]]);
    expect(await pointsOf(s.community, s.member1)).toMatchObject({ points: 10, level: 2 });
    await Promise.all([1, 2, 3].map(() => deps.db.batch(pointStatements(deps.db, { ...input, sourceId: "evt_2" }) as [ReturnType<typeof pointStatements>[number]])));
    expect(await pointsOf(s.community, s.member1)).toMatchObject({ points: 20, level: 3 });
    await deps.db.batch(revokePointStatements(deps.db, input) as [ReturnType<typeof revokePointStatements>[number]]);
    await deps.db.batch(revokePointStatements(deps.db, input) as [ReturnType<typeof revokePointStatements>[number]]);
    expect(await pointsOf(s.community, s.member1)).toMatchObject({ points: 10, level: 2 });
    expect(() => pointStatements(deps.db, { ...input, points: 0 })).toThrow(/non-zero/);
  });
});
