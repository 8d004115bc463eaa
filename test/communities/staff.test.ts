import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { communityStaff } from "../../drizzle";
import { setStaffRole } from "../../src/communities/service";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";

async function staffOf(communityId: string) {
  const rows = await tools().deps.db.select().from(communityStaff).where(eq(communityStaff.communityId, communityId));
  return Object.fromEntries(rows.map((r) => [r.email, r.role]));
}

describe("staff management", () => {
  let owner: string;

  beforeAll(async () => {
    owner = await signIn("owner@example.com");
  });

  async function setup() {
    const { community } = await makeCommunity({ feeAmount: 0 });
    return { community, url: `/c/${community.slug}/admin/staff` };
  }

  it("lists staff and adds a moderator by email", async () => {
    const { community, url } = await setup();
    const page = await (await call(url, { cookie: owner })).text();
    expect(page).toContain("owner@example.com");
    expect(page).toContain('<label for="staff-email">Email</label>');
    const res = await postForm(url, { email: " New.Mod@Example.com ", role: "moderator" }, owner);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${url}?done=saved`);
    expect(await staffOf(community.id)).toEqual({ "owner@example.com": "owner", "new.mod@example.com": "moderator" });
    // The new moderator can now review.
    const mod = await signIn("new.mod@example.com");
    expect((await call(`/c/${community.slug}/admin/applications`, { cookie: mod })).status).toBe(200);
  });

  it("adds a second owner, then removes staff", async () => {
    const { community, url } = await setup();
    await postForm(url, { email: "co-owner@example.com", role: "owner" }, owner);
    expect((await staffOf(community.id))["co-owner@example.com"]).toBe("owner");
    const res = await postForm(`${url}/remove`, { email: "co-owner@example.com" }, owner);
    expect(res.status).toBe(303);
    expect(await staffOf(community.id)).toEqual({ "owner@example.com": "owner" });
  });

  it("refuses a bad email or role, naming the field", async () => {
    const { community, url } = await setup();
    const email = await postForm(url, { email: "not-an-email", role: "moderator" }, owner);
    expect(email.status).toBe(400);
    expect(await email.text()).toContain('id="staff-email-error"');
    const role = await postForm(url, { email: "x@example.com", role: "admin" }, owner);
    expect(role.status).toBe(400);
    expect(await role.text()).toContain("Role must be moderator or owner");
    expect(await staffOf(community.id)).toEqual({ "owner@example.com": "owner" });
  });

  it("never leaves a community without an owner", async () => {
    const { community, url } = await setup();
    const remove = await postForm(`${url}/remove`, { email: "owner@example.com" }, owner);
    expect(remove.status).toBe(409);
    expect(await remove.text()).toContain("A community needs at least one owner");
    const demote = await postForm(url, { email: "owner@example.com", role: "moderator" }, owner);
    expect(demote.status).toBe(409);
    expect(await staffOf(community.id)).toEqual({ "owner@example.com": "owner" });
  });

  it("is for owners: a moderator cannot add or remove staff", async () => {
    const { community, url } = await setup();
    await setStaffRole(tools().deps, community.id, "staff-mod@example.com", "moderator");
    const mod = await signIn("staff-mod@example.com");
    expect((await call(url, { cookie: mod })).status).toBe(403);
    expect((await postForm(url, { email: "friend@example.com", role: "owner" }, mod)).status).toBe(403);
    expect((await postForm(`${url}/remove`, { email: "owner@example.com" }, mod)).status).toBe(403);
    expect(Object.keys(await staffOf(community.id)).sort()).toEqual(["owner@example.com", "staff-mod@example.com"]);
  });
});
