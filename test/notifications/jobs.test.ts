import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, notifications, posts, threadFollows } from "../../drizzle";
import { batchAll } from "../../src/lib/db";
import { banMember } from "../../src/members/bans";
import { removeMember } from "../../src/members/removal";
import { countingD1 } from "../d1-counter";
import { tools } from "../helpers";
import { OWNER, post, reply, spaceCommunity } from "../spaces/helpers";
import { activityEmailsTo, named, notificationsOf, written } from "./helpers";

describe("post-written: replies, followers, mentions", { timeout: 60_000 }, () => {
  it("a reply tells the thread's author and its followers, never the replier; a redelivered job writes and sends nothing twice", async () => {
    const s = await spaceCommunity({ members: 4 });
    await named(s.community, s.member(2), "Grace Hopper");
    const thread = await post(s.community, s.spaces.ask, s.member1, { title: "Pricing a first workshop", body: "How did you price yours?" });
    const first = await reply(s.community, s.spaces.ask, s.member(3), thread.id, "Day rate times two.");
    await written(first.id);
    const second = await reply(s.community, s.spaces.ask, s.member(2), thread.id, "Start lower, then adjust.");
    await written(second.id, { deliveries: 2 });

    expect((await notificationsOf(s.community, s.member1)).map((n) => [n.kind, n.postId]).sort()).toEqual([["reply", first.id], ["reply", second.id]].sort());
    expect((await notificationsOf(s.community, s.member(3))).map((n) => [n.kind, n.postId])).toEqual([["thread_reply", second.id]]);
    expect(await notificationsOf(s.community, s.member(2))).toEqual([]);
    expect(await notificationsOf(s.community, s.member(4))).toEqual([]);

    const mails = await activityEmailsTo(s.member1);
    expect(mails).toHaveLength(2);
    const mail = mails.find((m) => m.text.includes("Start lower"))!;
    expect(mail.subject).toContain("Grace Hopper · Level 1 replied to your post “Pricing a first workshop”");
    expect(mail.text).toContain(`/c/${s.community.slug}/s/ask/t/${thread.id}#p-${second.id}`);
    expect(mail.text).not.toContain(s.member(2).split("@")[0]);
    expect(mail.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.headers?.["List-Unsubscribe"]).toMatch(new RegExp(`^<http.*/c/${s.community.slug}/unsubscribe/[0-9a-z]{32}\\?list=activity>$`));
    // The actor without a usable name gets the default "Member XXXX", never a piece of their address.
    const other = mails.find((m) => m.text.includes("Day rate"))!;
    expect(other.subject).toMatch(/Member [0-9A-Z]{4} · Level 1 replied/);
    expect(other.text).not.toContain(s.member(3).split("@")[0]);
    expect(await activityEmailsTo(s.member(3))).toHaveLength(1);
  });

  it("a mention tells the member named; in the core lounge a Member-tier member named gets nothing, neither row nor email", async () => {
    const s = await spaceCommunity({ members: 3, core: 2 });
    await named(s.community, s.member(2), "Ada Lovelace");
    await named(s.community, s.member(3), "Ada");
    await named(s.community, s.coreMember(2), "Linus");
    const p = await post(s.community, s.spaces.ask, s.member1, { body: "Thanks @Ada Lovelace, and you@example.com is not a mention." });
    await written(p.id);
    expect((await notificationsOf(s.community, s.member(2))).map((n) => n.kind)).toEqual(["mention"]);
    // The longest name wins: "Ada" alone was not mentioned.
    expect(await notificationsOf(s.community, s.member(3))).toEqual([]);
    expect((await activityEmailsTo(s.member(2)))[0]!.subject).toContain("mentioned you");

    const lounge = await post(s.community, s.spaces.lounge, s.coreMember(1), { body: "Between us, @Ada Lovelace and @linus: the plan." });
    await written(lounge.id);
    expect((await notificationsOf(s.community, s.member(2))).map((n) => n.postId)).toEqual([p.id]);
    expect(await activityEmailsTo(s.member(2))).toHaveLength(1);
    expect((await notificationsOf(s.community, s.coreMember(2))).map((n) => n.kind)).toEqual(["mention"]);
  });

  it("a member removed or banned after the post, and posts held, removed or deleted, notify nobody", async () => {
    const s = await spaceCommunity({ members: 4 });
    const { deps } = tools();
    const thread = await post(s.community, s.spaces.ask, s.member1, { body: "Who is going to the meetup?" });
    await reply(s.community, s.spaces.ask, s.member(2), thread.id, "Me");
    const r = await reply(s.community, s.spaces.ask, s.member(3), thread.id, "Me too");
    const m1 = await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, s.community.id), eq(memberships.email, s.member1)) });
    await removeMember(deps, s.community, m1!.id, { refund: false }, OWNER, "Asked to leave");
    await banMember(deps, s.community, s.member(2), OWNER, "Spam");
    await written(r.id);
    expect(await notificationsOf(s.community, s.member1)).toEqual([]);
    expect(await notificationsOf(s.community, s.member(2))).toEqual([]);
    expect(await activityEmailsTo(s.member1)).toEqual([]);

    const other = await post(s.community, s.spaces.ask, s.member(4), { body: "Another thread" });
    const held = await reply(s.community, s.spaces.ask, s.member(3), other.id, "held");
    await deps.db.update(posts).set({ status: "held" }).where(eq(posts.id, held.id));
    const removed = await reply(s.community, s.spaces.ask, s.member(3), other.id, "removed");
    await deps.db.update(posts).set({ status: "removed" }).where(eq(posts.id, removed.id));
    const deleted = await reply(s.community, s.spaces.ask, s.member(3), other.id, "deleted");
    await deps.db.update(posts).set({ deletedAt: deps.now() }).where(eq(posts.id, deleted.id));
    for (const id of [held.id, removed.id, deleted.id]) await written(id);
    expect(await notificationsOf(s.community, s.member(4))).toEqual([]);
  });

  it("a long follower list is paged: everyone is told once, and no invocation comes near D1's query limit", async () => {
    const s = await spaceCommunity({ members: 130 });
    const { deps } = tools();
    const thread = await post(s.community, s.spaces.ask, s.member1, { body: "Big thread" });
    const follow = (k: number) => deps.db.insert(threadFollows).values(Array.from({ length: 10 }, (_, i) => ({ postId: thread.id, email: s.member(k * 10 + i + 1), createdAt: deps.now() }))).onConflictDoNothing();
    await batchAll(deps.db, Array.from({ length: 13 }, (_, k) => follow(k)));
    const r = await reply(s.community, s.spaces.ask, s.member(7), thread.id, "Hello all");
    const counter = countingD1(env.DB);
    const perBatch: number[] = [];
    const drained = await written(r.id, { env: { DB: counter.db }, batchSize: 1, afterBatch: () => perBatch.push(counter.reset().statements) });
    expect(drained.messages).toBe(3);
    const rows = await deps.db.select().from(notifications).where(eq(notifications.postId, r.id));
    expect(rows).toHaveLength(129);
    expect(rows.filter((n) => n.kind === "reply").map((n) => n.email)).toEqual([s.member1]);
    expect(new Set(rows.map((n) => n.email)).size).toBe(129);
    expect(Math.max(...perBatch)).toBeLessThan(100);
  });
});
