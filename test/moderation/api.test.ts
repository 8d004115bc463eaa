import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { spaceSettings } from "../../drizzle";
import { call, postForm, postJson, signIn, tools } from "../helpers";
import { OWNER, post, setSpaceSettings } from "../spaces/helpers";
import { auditOf, moderatedCommunity, postRow, reportRows, searchIds, spaceRow } from "./helpers";

const api = (slug: string, rest: string) => `/api/v1/communities/${slug}${rest}`;

function putJson(path: string, data: unknown, cookie: string) {
  return call(path, { method: "PUT", body: JSON.stringify(data), cookie, headers: { "content-type": "application/json" } });
}

async function fields(res: Response): Promise<string[]> {
  const body = (await res.json()) as { error: { details?: { field: string }[] } };
  return (body.error.details ?? []).map((d) => d.field);
}

describe("the moderation API", () => {
  it("reports: readers file once (409 after), non-readers get 404, bad reasons a 400 naming the field", async () => {
    const s = await moderatedCommunity();
    const open = await post(s.community, s.spaces.ask, s.member1, { body: "Open post" });
    const lounge = await post(s.community, s.spaces.lounge, s.coreMember(1), { body: "Core only" });
    const cookie = await signIn(s.member(2));
    const first = await postJson(api(s.community.slug, `/posts/${open.id}/reports`), { reason: "Spam" }, cookie);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ postId: open.id, reason: "Spam" });
    expect((await postJson(api(s.community.slug, `/posts/${open.id}/reports`), { reason: "Spam" }, cookie)).status).toBe(409);
    expect((await postJson(api(s.community.slug, `/posts/${lounge.id}/reports`), { reason: "Spam" }, cookie)).status).toBe(404);
    const bad = await postJson(api(s.community.slug, `/posts/${open.id}/reports`), { reason: "", extra: 1 }, await signIn(s.member(3)));
    expect(bad.status).toBe(400);
    expect((await fields(bad)).sort()).toEqual(["extra", "reason"]);
    expect((await postJson(api(s.community.slug, `/posts/${open.id}/reports`), { reason: "x" })).status).toBe(401);
    expect((await reportRows(open.id)).length).toBe(1);
  });

  it("the queue is for staff; approve in parallel counts once; remove hides and de-indexes; mute; all answer `changed`", async () => {
    const s = await moderatedCommunity();
    const reported = await post(s.community, s.spaces.ask, s.member1, { title: "Giveaway", body: "Free crypto giveaway" });
    await postJson(api(s.community.slug, `/posts/${reported.id}/reports`), { reason: "Scam" }, await signIn(s.member(2)));
    await setSpaceSettings(s.community, { holdFirstPosts: 1 });
    const held = await post(s.community, s.spaces.ask, s.member(4), { body: "New member question about tuning" });

    expect((await call(api(s.community.slug, "/moderation"), { cookie: await signIn(s.member(3)) })).status).toBe(403);
    const mod = await signIn(s.moderator);
    const queue = await call(api(s.community.slug, "/moderation"), { cookie: mod });
    expect(queue.status).toBe(200);
    const body = (await queue.json()) as { reported: { items: { postId: string; reports: { count: number; reasons: { reason: string }[] } }[] }; held: { items: { postId: string; heldReason: string; author: { name: string } }[] } };
    expect(body.reported.items.map((i) => [i.postId, i.reports.count, i.reports.reasons.map((r) => r.reason)])).toEqual([[reported.id, 1, ["Scam"]]]);
    expect(body.held.items.map((i) => [i.postId, i.heldReason, i.author.name])).toEqual([[held.id, "first_posts", expect.stringMatching(/^Member [0-9A-Z]{4} · Level 1$/)]]);
    expect((await call(api(s.community.slug, "/moderation?heldCursor=bad"), { cookie: mod })).status).toBe(400);

    // Approve twice at once, without a body: one change, counted once.
    const approve = api(s.community.slug, `/moderation/posts/${held.id}/approve`);
    const both = await Promise.all([call(approve, { method: "POST", cookie: mod }), call(approve, { method: "POST", cookie: mod })]);
    expect(await Promise.all(both.map(async (r) => ((await r.json()) as { changed: boolean }).changed))).toEqual(expect.arrayContaining([true, false]));
    expect((await postRow(held.id)).status).toBe("visible");
    expect((await spaceRow(s.spaces.ask.id)).threadCount).toBe(2);
    expect(await searchIds("tuning")).toEqual([held.id]);

    const noReason = await postJson(api(s.community.slug, `/moderation/posts/${reported.id}/remove`), {}, mod);
    expect(await fields(noReason)).toEqual(["reason"]);
    const removed = await postJson(api(s.community.slug, `/moderation/posts/${reported.id}/remove`), { reason: "Scams are removed" }, mod);
    expect(await removed.json()).toEqual({ changed: true });
    expect(await (await postJson(api(s.community.slug, `/moderation/posts/${reported.id}/remove`), { reason: "Scams are removed" }, mod)).json()).toEqual({ changed: false });
    expect(await searchIds("giveaway")).toEqual([]);
    expect(await postRow(reported.id)).toMatchObject({ status: "removed", removedReason: "Scams are removed" });
    expect((await spaceRow(s.spaces.ask.id)).threadCount).toBe(1);

    expect(await (await postJson(api(s.community.slug, `/moderation/posts/${reported.id}/mute`), { reason: "Scammer", days: 30 }, mod)).json()).toEqual({ changed: true });
    expect(await fields(await postJson(api(s.community.slug, `/moderation/posts/${reported.id}/mute`), { reason: "Scammer", days: 0 }, mod))).toEqual(["days"]);
    expect(await auditOf(s.community.id, "member.muted")).toHaveLength(1);
    const keep = await postJson(api(s.community.slug, `/moderation/posts/${held.id}/keep`), {}, mod);
    expect(await keep.json()).toEqual({ changed: false });
  });

  it("rules: staff read, owners set; out-of-range values are 400s naming each field; the posting path obeys them", async () => {
    const s = await moderatedCommunity();
    const path = api(s.community.slug, "/moderation/rules");
    const mod = await signIn(s.moderator);
    expect(await (await call(path, { cookie: mod })).json()).toEqual({ holdFirstPosts: 0, holdLinksDays: 0, postsPerHour: 20, editMinutes: 30, updatedAt: null });
    expect((await putJson(path, { holdFirstPosts: 1, holdLinksDays: 0, postsPerHour: 5, editMinutes: 10 }, mod)).status).toBe(403);
    const owner = await signIn(OWNER);
    const bad = await putJson(path, { holdFirstPosts: 21, holdLinksDays: -1, postsPerHour: 0, editMinutes: 1441 }, owner);
    expect(bad.status).toBe(400);
    expect((await fields(bad)).sort()).toEqual(["editMinutes", "holdFirstPosts", "holdLinksDays", "postsPerHour"]);
    expect(await fields(await putJson(path, { holdFirstPosts: 1.5, holdLinksDays: 0, postsPerHour: 5, editMinutes: 10 }, owner))).toEqual(["holdFirstPosts"]);
    expect(await tools().deps.db.select().from(spaceSettings).where(eq(spaceSettings.communityId, s.community.id))).toEqual([]);

    const saved = await putJson(path, { holdFirstPosts: 1, holdLinksDays: 7, postsPerHour: 5, editMinutes: 10 }, owner);
    expect(await saved.json()).toMatchObject({ holdFirstPosts: 1, holdLinksDays: 7, postsPerHour: 5, editMinutes: 10 });
    expect((await auditOf(s.community.id, "space.rules_changed"))[0]!.detail).toMatchObject({ before: { holdFirstPosts: 0 }, after: { holdFirstPosts: 1 } });
    // createPost reads them: a member's first post is held now.
    expect((await post(s.community, s.spaces.ask, s.member1, { body: "first" })).status).toBe("held");
  });

  it("the rules page: owners only, each bad field named next to its input", async () => {
    const s = await moderatedCommunity();
    const path = `/c/${s.community.slug}/admin/moderation/rules`;
    expect((await call(path, { cookie: await signIn(s.moderator) })).status).toBe(403);
    const owner = await signIn(OWNER);
    const page = await call(path, { cookie: owner });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<label for="rule-holdFirstPosts">Hold a new member&#39;s first posts</label>');
    const bad = await postForm(path, { holdFirstPosts: "abc", holdLinksDays: "91", postsPerHour: "", editMinutes: "30" }, owner);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("3 fields need attention");
    expect(html).toContain("Hold a new member&#39;s first posts: Enter the number of first posts to hold as a whole number from 0 to 20");
    expect(html).toContain("Hold posts with links from members younger than (days): The account age in days must be at most 90");
    expect(html).toContain('value="abc"');
    const ok = await postForm(path, { holdFirstPosts: "3", holdLinksDays: "14", postsPerHour: "10", editMinutes: "60" }, owner);
    expect(ok.headers.get("location")).toBe(`${path}?done=saved`);
    const row = await tools().deps.db.query.spaceSettings.findFirst({ where: eq(spaceSettings.communityId, s.community.id) });
    expect(row).toMatchObject({ holdFirstPosts: 3, holdLinksDays: 14, postsPerHour: 10, editMinutes: 60 });
  });
});
