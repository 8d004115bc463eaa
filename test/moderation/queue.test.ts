import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mutes, posts, reports } from "../../drizzle";
import { accessFor } from "../../src/memberships/access";
import { approvePost } from "../../src/moderation/actions";
import { reportPost } from "../../src/moderation/reports";
import { AppError } from "../../src/lib/errors";
import { call, postForm, signIn, tools } from "../helpers";
import { collect, OWNER, post, reply, setSpaceSettings } from "../spaces/helpers";
import { auditOf, moderatedCommunity, postRow, reportRows, searchIds, spaceRow } from "./helpers";

async function report(s: Awaited<ReturnType<typeof moderatedCommunity>>, postId: string, email: string, reason: string) {
  const { deps } = tools();
  return reportPost(deps, s.community, await accessFor(deps, s.community, email, deps.now()), postId, { reason });
}

const act = (slug: string, postId: string, action: string) => `/c/${slug}/admin/moderation/posts/${postId}/${action}`;

describe("the moderation queue", () => {
  it("is for staff: members get 403, the signed-out are sent to sign in, moderators and owners see reported and held posts", async () => {
    const s = await moderatedCommunity();
    const spam = await post(s.community, s.spaces.ask, s.member1, { title: "Deal", body: "Cheap **watches** here" });
    await report(s, spam.id, s.member(2), "Advertising");
    await report(s, spam.id, s.member(3), "Spam again");
    await setSpaceSettings(s.community, { holdFirstPosts: 1 });
    const held = await post(s.community, s.spaces.ask, s.member(4), { body: "Hello, new here" });
    expect(held.status).toBe("held");
    const path = `/c/${s.community.slug}/admin/moderation`;

    expect((await call(path, { cookie: await signIn(s.member(2)) })).status).toBe(403);
    expect((await call(path)).headers.get("location")).toMatch(/^\/signin/);
    for (const who of [s.moderator, OWNER]) {
      const res = await call(path, { cookie: await signIn(who) });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("2 reports");
      expect(html).toContain("“Advertising”");
      expect(html).toContain("“Spam again”");
      expect(html).toContain("Cheap **watches** here");
      expect(html).toContain("Hello, new here");
      expect(html).toContain("held: One of a new member&#39;s first posts");
      expect(html).toContain(">Moderation</a>");
      // Owners also get member removal; moderators do not.
      expect(html.includes("Remove member")).toBe(who === OWNER);
    }
  });

  it("pages each list by keyset", async () => {
    const s = await moderatedCommunity();
    await setSpaceSettings(s.community, { holdFirstPosts: 20, postsPerHour: 200 });
    // Twenty first posts of one new member and three of another: all held.
    for (let i = 0; i < 23; i++) await post(s.community, s.spaces.ask, s.member(i < 20 ? 4 : 3), { body: `Held number ${i}` });
    const cookie = await signIn(s.moderator);
    const first = await (await call(`/c/${s.community.slug}/admin/moderation`, { cookie })).text();
    const firstItems = first.match(/Held number \d+/g)!.filter((x, i, all) => all.indexOf(x) === i);
    expect(firstItems.length).toBe(20);
    const next = /href="([^"]*held=[^"]*)"/.exec(first)![1]!.replace(/&amp;/g, "&");
    const second = await (await call(next, { cookie })).text();
    const secondItems = second.match(/Held number \d+/g)!.filter((x, i, all) => all.indexOf(x) === i);
    expect(secondItems.length).toBe(3);
    expect(new Set([...firstItems, ...secondItems]).size).toBe(23);
    expect(second).not.toMatch(/href="[^"]*held=/);
    expect((await call(`/c/${s.community.slug}/admin/moderation?held=nonsense`, { cookie })).status).toBe(400);
  });

  it("approve makes a held post visible and counts it exactly once under a double submit; the jobs hear of it once", async () => {
    const s = await moderatedCommunity();
    const open = await post(s.community, s.spaces.ask, s.member(2), { body: "Who makes instruments?" });
    await setSpaceSettings(s.community, { holdFirstPosts: 2 });
    const held = await post(s.community, s.spaces.ask, s.member1, { title: "Introductions", body: "I make violins" });
    const heldReply = await reply(s.community, s.spaces.ask, s.member1, open.id, "Mostly cellos, actually");
    expect([held.status, heldReply.status]).toEqual(["held", "held"]);
    expect(await searchIds("violins")).toEqual([]);
    const cookie = await signIn(s.moderator);
    const both = await Promise.all([postForm(act(s.community.slug, held.id, "approve"), {}, cookie), postForm(act(s.community.slug, held.id, "approve"), {}, cookie)]);
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    expect(both.map((r) => r.headers.get("location")!.split("done=")[1]).sort()).toEqual(["approved", "unchanged"]);
    expect((await postRow(held.id)).status).toBe("visible");
    expect((await spaceRow(s.spaces.ask.id)).threadCount).toBe(2);
    expect(await searchIds("violins")).toEqual([held.id]);
    expect((await auditOf(s.community.id, "post.approved")).map((a) => [a.actor, a.subject])).toEqual([[s.moderator, s.member1]]);

    // The domain function, twice: one job, one count.
    const { deps } = tools();
    const { jobs, enqueue } = collect();
    const by = { community: s.community, email: OWNER };
    const outcomes = await Promise.all([approvePost(deps, enqueue, by, heldReply.id), approvePost(deps, enqueue, by, heldReply.id)]);
    expect(outcomes.map((o) => o.changed).sort()).toEqual([false, true]);
    expect(jobs).toEqual([{ kind: "post-written", postId: heldReply.id }]);
    expect((await postRow(open.id)).replyCount).toBe(1);
  });

  it("remove hides the post from everyone at once, keeps the row with the reason for its author, de-indexes it, resolves its reports and counts it down once", async () => {
    const s = await moderatedCommunity();
    const thread = await post(s.community, s.spaces.ask, s.member1, { title: "Marketplace", body: "Selling counterfeit handbags" });
    const answer = await reply(s.community, s.spaces.ask, s.member(2), thread.id, "Reported, this is counterfeit");
    await report(s, thread.id, s.member(3), "Illegal goods");
    expect(await searchIds("handbags")).toEqual([thread.id]);
    const cookie = await signIn(s.moderator);

    const empty = await postForm(act(s.community.slug, thread.id, "remove"), { reason: " " }, cookie);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Give a reason; the author will see it");
    expect((await postRow(thread.id)).status).toBe("visible");

    const both = await Promise.all([
      postForm(act(s.community.slug, thread.id, "remove"), { reason: "Counterfeit goods are not allowed" }, cookie),
      postForm(act(s.community.slug, thread.id, "remove"), { reason: "Counterfeit goods are not allowed" }, cookie),
    ]);
    expect(both.map((r) => r.status)).toEqual([303, 303]);
    const row = await postRow(thread.id);
    expect(row).toMatchObject({ status: "removed", removedReason: "Counterfeit goods are not allowed", removedBy: s.moderator, body: "Selling counterfeit handbags" });
    expect(await searchIds("handbags")).toEqual([]);
    expect((await spaceRow(s.spaces.ask.id)).threadCount).toBe(0);
    expect((await reportRows(thread.id)).map((r) => [r.resolution, r.resolvedBy])).toEqual([["removed", s.moderator]]);
    expect((await auditOf(s.community.id, "post.removed")).map((a) => a.reason)).toEqual(["Counterfeit goods are not allowed"]);
    // Gone for readers: nobody can report it or open its report page any more.
    expect((await call(`/c/${s.community.slug}/report/${thread.id}`, { cookie: await signIn(s.member(3)) })).status).toBe(404);

    // A reply: its thread's reply count goes down once.
    const thread2 = await post(s.community, s.spaces.ask, s.member1, { body: "Second thread" });
    const bad = await reply(s.community, s.spaces.ask, s.member(2), thread2.id, "Rude words");
    expect((await postRow(thread2.id)).replyCount).toBe(1);
    await postForm(act(s.community.slug, bad.id, "remove"), { reason: "Be kind" }, cookie);
    await postForm(act(s.community.slug, bad.id, "remove"), { reason: "Be kind" }, cookie);
    expect((await postRow(thread2.id)).replyCount).toBe(0);
    expect((await postRow(answer.id)).status).toBe("visible");

    // Removing a held post moves no counters (it never counted).
    await setSpaceSettings(s.community, { holdFirstPosts: 5 });
    const held = await post(s.community, s.spaces.ask, s.member(4), { body: "held one" });
    await postForm(act(s.community.slug, held.id, "remove"), { reason: "Off topic" }, cookie);
    expect((await postRow(held.id)).status).toBe("removed");
    expect((await spaceRow(s.spaces.ask.id)).threadCount).toBe(1);
    // And a removed post cannot be approved.
    expect((await postForm(act(s.community.slug, held.id, "approve"), {}, cookie)).status).toBe(409);
  });

  it("keep closes the reports and leaves the post", async () => {
    const s = await moderatedCommunity();
    const thread = await post(s.community, s.spaces.ask, s.member1, { body: "A strong opinion" });
    await report(s, thread.id, s.member(2), "I disagree");
    const cookie = await signIn(s.moderator);
    // Approving a post that is not held changes nothing, its reports included.
    expect((await postForm(act(s.community.slug, thread.id, "approve"), {}, cookie)).headers.get("location")).toMatch(/done=unchanged$/);
    expect((await reportRows(thread.id)).map((r) => r.resolution)).toEqual([null]);
    const res = await postForm(act(s.community.slug, thread.id, "keep"), {}, cookie);
    expect(res.headers.get("location")).toMatch(/done=kept$/);
    expect((await postForm(act(s.community.slug, thread.id, "keep"), {}, cookie)).headers.get("location")).toMatch(/done=unchanged$/);
    expect((await reportRows(thread.id)).map((r) => r.resolution)).toEqual(["kept"]);
    expect((await postRow(thread.id)).status).toBe("visible");
    expect(await auditOf(s.community.id, "post.kept")).toHaveLength(1);
    expect(await (await call(`/c/${s.community.slug}/admin/moderation`, { cookie })).text()).toContain("No open reports.");
  });

  it("mute stops the author posting but not reading; once, audited", async () => {
    const s = await moderatedCommunity();
    const thread = await post(s.community, s.spaces.ask, s.member1, { body: "Flame bait" });
    const cookie = await signIn(s.moderator);
    expect((await postForm(act(s.community.slug, thread.id, "mute"), { reason: "Cool off", days: "abc" }, cookie)).status).toBe(400);
    const res = await postForm(act(s.community.slug, thread.id, "mute"), { reason: "Cool off", days: "7" }, cookie);
    expect(res.headers.get("location")).toMatch(/done=muted$/);
    expect((await postForm(act(s.community.slug, thread.id, "mute"), { reason: "Cool off", days: "7" }, cookie)).headers.get("location")).toMatch(/done=unchanged$/);
    const { deps } = tools();
    const mute = await deps.db.query.mutes.findFirst({ where: and(eq(mutes.communityId, s.community.id), eq(mutes.email, s.member1)) });
    expect(mute).toMatchObject({ reason: "Cool off", actor: s.moderator });
    expect(await auditOf(s.community.id, "member.muted")).toHaveLength(1);

    const err = await post(s.community, s.spaces.ask, s.member1, { body: "I am back" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(403);
    // Still reads: another member's post is open to them.
    const other = await post(s.community, s.spaces.ask, s.member(2), { body: "Anyone?" });
    expect((await call(`/c/${s.community.slug}/report/${other.id}`, { cookie: await signIn(s.member1) })).status).toBe(200);
    // Staff are not muted.
    const staffPost = await post(s.community, s.spaces.ask, OWNER, { body: "From the team" });
    expect((await postForm(act(s.community.slug, staffPost.id, "mute"), { reason: "x" }, cookie)).status).toBe(409);
  });

  it("removing the member ends their access at once (owners only); banning keeps them out", async () => {
    const s = await moderatedCommunity();
    const thread = await post(s.community, s.spaces.ask, s.member1, { body: "Spam" });
    const second = await post(s.community, s.spaces.ask, s.member(2), { body: "More spam" });
    const { deps } = tools();
    expect((await postForm(act(s.community.slug, thread.id, "remove-member"), { reason: "Spammer" }, await signIn(s.moderator))).status).toBe(403);
    const owner = await signIn(OWNER);
    expect((await postForm(act(s.community.slug, thread.id, "remove-member"), { reason: "" }, owner)).status).toBe(400);
    const res = await postForm(act(s.community.slug, thread.id, "remove-member"), { reason: "Spammer" }, owner);
    expect(res.headers.get("location")).toMatch(/done=member_removed$/);
    expect((await accessFor(deps, s.community, s.member1, deps.now())).role).toBe("none");
    expect((await call(`/c/${s.community.slug}/report/${second.id}`, { cookie: await signIn(s.member1) })).status).toBe(404);
    expect((await auditOf(s.community.id, "member.removed")).map((a) => [a.subject, a.reason])).toEqual([[s.member1, "Spammer"]]);
    expect((await postForm(act(s.community.slug, thread.id, "remove-member"), { reason: "Spammer" }, owner)).headers.get("location")).toMatch(/done=unchanged$/);

    expect((await postForm(act(s.community.slug, second.id, "ban"), { reason: "Spam ring" }, owner)).headers.get("location")).toMatch(/done=banned$/);
    const banned = await accessFor(deps, s.community, s.member(2), deps.now());
    expect([banned.role, banned.banned]).toEqual(["none", true]);
  });

  it("an unknown action or another community's post is a 404", async () => {
    const s = await moderatedCommunity();
    const other = await moderatedCommunity();
    const foreign = await post(other.community, other.spaces.ask, other.member1, { body: "elsewhere" });
    const cookie = await signIn(OWNER);
    expect((await postForm(act(s.community.slug, foreign.id, "remove"), { reason: "x" }, cookie)).status).toBe(404);
    expect((await postForm(act(s.community.slug, foreign.id, "explode"), {}, cookie)).status).toBe(404);
    expect((await tools().deps.db.select().from(posts).where(eq(posts.id, foreign.id)))[0]!.status).toBe("visible");
    expect(await tools().deps.db.select().from(reports).where(eq(reports.communityId, other.community.id))).toEqual([]);
  });
});
