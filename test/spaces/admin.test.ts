import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { spaces } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { call, postForm, signIn, tools } from "../helpers";
import { OWNER, spaceCommunity } from "./helpers";

const html = { accept: "text/html" };
const fields = (over: Record<string, string> = {}) => ({ name: "Hiring", slug: "hiring", description: "Jobs and gigs", emoji: "💼", position: "5", read: "all", post: "all", ...over });

describe("space admin (owners)", () => {
  it("the owner lists, creates, edits with a tier rule, and archives a space; the nav links to it", async () => {
    const s = await spaceCommunity();
    const cookie = await signIn(OWNER);
    const base = `/c/${s.community.slug}/admin/spaces`;
    const list = await (await call(base, { cookie, headers: html })).text();
    expect(list).toContain("Ask the group");
    expect(list).toContain("Only Core");
    expect(list).toContain(`href="${base}"`);

    const created = await postForm(`${base}/new`, fields(), cookie);
    expect(created.status).toBe(303);
    const { deps } = tools();
    const hiring = (await deps.db.select().from(spaces).where(eq(spaces.slug, "hiring"))).find((x) => x.communityId === s.community.id)!;
    expect(hiring).toMatchObject({ name: "Hiring", position: 5, readKind: "rank", readMinRank: null, postKind: "rank" });

    const edited = await postForm(`${base}/${hiring.id}`, fields({ name: "Hiring board", read: `rank:${s.tiers.core.rank}`, post: "staff" }), cookie);
    expect(edited.status).toBe(303);
    const after = await deps.db.query.spaces.findFirst({ where: eq(spaces.id, hiring.id) });
    expect(after).toMatchObject({ name: "Hiring board", readKind: "rank", readMinRank: s.tiers.core.rank, postKind: "staff" });

    // The edit form shows the rule chosen.
    const form = await (await call(`${base}/${hiring.id}`, { cookie, headers: html })).text();
    expect(form).toMatch(new RegExp(`<option value="rank:${s.tiers.core.rank}" selected`));

    const archived = await postForm(`${base}/${hiring.id}/archive`, { archived: "1" }, cookie);
    expect(archived.status).toBe(303);
    expect((await deps.db.query.spaces.findFirst({ where: eq(spaces.id, hiring.id) }))!.archivedAt).not.toBeNull();
    const member = await signIn(s.coreMember(1));
    expect((await call(`/c/${s.community.slug}/s/hiring`, { cookie: member, headers: html })).status).toBe(404);
  });

  it("bad input re-renders the form naming the fields; a taken slug and a foreign tier are refused", async () => {
    const s = await spaceCommunity();
    const cookie = await signIn(OWNER);
    const base = `/c/${s.community.slug}/admin/spaces`;
    const bad = await postForm(`${base}/new`, fields({ name: "", slug: "Not A Slug!", position: "x" }), cookie);
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain("Name the space");
    expect(text).toContain("lower-case letters");
    expect(text).toContain("Enter a whole number");
    const taken = await postForm(`${base}/new`, fields({ slug: "ask" }), cookie);
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("already exists");
    const foreign = await postForm(`${base}/new`, fields({ read: "tier:tier_elsewhere" }), cookie);
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("this community&#39;s tiers");
  });

  it("moderators and members cannot open or change space admin; visitors are sent to sign in", async () => {
    const s = await spaceCommunity();
    const { deps } = tools();
    await setStaffRole(deps, s.community.id, "mod@example.com", "moderator");
    const base = `/c/${s.community.slug}/admin/spaces`;
    for (const who of ["mod@example.com", s.member1]) {
      const cookie = await signIn(who);
      expect((await call(base, { cookie, headers: html })).status).toBe(403);
      expect((await postForm(`${base}/new`, fields({ slug: "sneaky" }), cookie)).status).toBe(403);
      expect((await postForm(`${base}/${s.spaces.ask.id}/archive`, { archived: "1" }, cookie)).status).toBe(403);
    }
    const visitor = await call(base, { headers: html });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toContain("/signin");
    expect((await deps.db.query.spaces.findFirst({ where: eq(spaces.id, s.spaces.ask.id) }))!.archivedAt).toBeNull();
  });
});
