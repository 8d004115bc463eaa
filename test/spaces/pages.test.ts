import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberActivityDaily, pollOptions, polls, posts, spaceReads } from "../../drizzle";
import { call, postForm, signIn, tools } from "../helpers";
import { OWNER, post, reply, spaceCommunity } from "./helpers";

const html = { accept: "text/html" };

describe("space and thread pages", () => {
  it("a member opens a space, posts a thread with a poll through the form, and reads it", async () => {
    const s = await spaceCommunity();
    const cookie = await signIn(s.member1);
    const space = await call(`/c/${s.community.slug}/s/ask`, { cookie, headers: html });
    expect(space.status).toBe(200);
    const text = await space.text();
    expect(text).toContain("Ask the group");
    expect(text).toContain('action="/c/' + s.community.slug + '/s/ask/posts"');
    const { deps } = tools();
    const read = await deps.db.select().from(spaceReads).where(and(eq(spaceReads.spaceId, s.spaces.ask.id), eq(spaceReads.email, s.member1)));
    expect(read).toHaveLength(1);

    const res = await postForm(`/c/${s.community.slug}/s/ask/posts`, { title: "Workshop pricing", body: "How do you **price** it?", pollQuestion: "Rate?", option1: "Day rate", option2: "Per head", option3: "" }, cookie);
    expect(res.status, await res.clone().text()).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/c/${s.community.slug}/s/ask/t/post_`));
    const thread = await call(location, { cookie, headers: html });
    const body = await thread.text();
    expect(thread.status).toBe(200);
    expect(body).toContain("<strong>price</strong>");
    expect(body).toContain("Day rate");
    expect(body).toContain("Results show once you vote.");
    const postId = location.split("/").pop()!;
    const options = await deps.db.select().from(pollOptions).where(eq(pollOptions.postId, postId));
    expect(options.map((o) => o.label).sort()).toEqual(["Day rate", "Per head"]);

    // Another member votes, then sees results; counts kept in the same batch.
    const other = await signIn(s.member(2));
    const vote = await postForm(`${location}/vote`, { options: options.find((o) => o.label === "Per head")!.id }, other);
    expect(vote.status).toBe(303);
    const after = await (await call(location, { cookie: other, headers: html })).text();
    expect(after).toContain("your choice");
    const poll = await deps.db.query.polls.findFirst({ where: eq(polls.postId, postId) });
    expect(poll!.voterCount).toBe(1);
    const views = await deps.db.select().from(memberActivityDaily).where(and(eq(memberActivityDaily.communityId, s.community.id), eq(memberActivityDaily.email, s.member(2))));
    expect(views[0]!.threadViews).toBe(1);
    expect(views[0]!.votes).toBe(1);
  });

  it("replies render in order with anchors; hostile markdown is defused", async () => {
    const s = await spaceCommunity();
    const p = await post(s.community, s.spaces.ask, s.member1, { title: "Hostile", body: "<script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>" });
    const r1 = await reply(s.community, s.spaces.ask, s.member(2), p.id, "First");
    const r2 = await reply(s.community, s.spaces.ask, OWNER, p.id, "Second");
    const cookie = await signIn(s.member(3));
    const res = await call(`/c/${s.community.slug}/s/ask/t/${p.id}`, { cookie, headers: html });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain("<script>alert");
    expect(text).not.toMatch(/href="javascript:/i);
    expect(text).not.toContain("<img");
    expect(text).toContain("&lt;script&gt;");
    expect(text.indexOf(`id="p-${r1.id}"`)).toBeGreaterThan(0);
    expect(text.indexOf(`id="p-${r1.id}"`)).toBeLessThan(text.indexOf(`id="p-${r2.id}"`));
    // Authors are named without any part of their email (the viewer's own shows only in the account menu).
    for (const author of [s.member1, s.member(2), OWNER]) expect(text).not.toContain(author.split("@")[0]);
  });
});
