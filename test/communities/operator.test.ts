import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { communities, communityStaff } from "../../drizzle";
import { call, makeCommunity, postForm, signIn, tools } from "../helpers";

const OPERATOR = "operator@example.com";

async function bySlug(slug: string) {
  return tools().deps.db.query.communities.findFirst({ where: eq(communities.slug, slug) });
}

describe("operators create communities", () => {
  let operator: string;
  let owner: string;

  beforeAll(async () => {
    operator = await signIn(OPERATOR);
    owner = await signIn("owner@example.com");
  });

  const valid = {
    slug: "new-circle",
    name: "New Circle",
    fee: "49.50",
    currency: "gbp",
    feePolicy: "refund_on_rejection",
    owners: "Ana@example.com, li@example.com",
  };

  it("shows a labelled form and creates a community with its owners", async () => {
    const form = await call("/admin/communities/new", { cookie: operator });
    expect(form.status).toBe(200);
    const html = await form.text();
    for (const label of ["Slug", "Name", "Application fee", "Currency", "Owner emails"]) expect(html).toContain(`">${label}</label>`);
    const res = await postForm("/admin/communities", valid, operator);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/c/new-circle/admin/launch?done=created");
    const created = (await bySlug("new-circle"))!;
    expect(created).toMatchObject({ name: "New Circle", feeAmount: 4950, currency: "gbp", feePolicy: "refund_on_rejection" });
    const staff = await tools().deps.db.select().from(communityStaff).where(eq(communityStaff.communityId, created.id));
    expect(staff.map((s) => [s.email, s.role]).sort()).toEqual([
      ["ana@example.com", "owner"],
      ["li@example.com", "owner"],
    ]);
    const list = await (await call("/admin/communities", { cookie: operator })).text();
    expect(list).toContain("New Circle");
    expect(list).toContain("£49.50");
  });

  it("refuses bad input naming each field, creating nothing", async () => {
    const res = await postForm("/admin/communities", { ...valid, slug: "Bad Slug!", fee: "-1", owners: "ana@example.com, nope" }, operator);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="slug-error"');
    expect(html).toContain("Fee cannot be negative");
    expect(html).toContain("Each owner must be an email address");
    expect(await bySlug("bad slug!")).toBeUndefined();
    const noOwner = await postForm("/admin/communities", { ...valid, slug: "lonely", owners: "" }, operator);
    expect(noOwner.status).toBe(400);
    expect(await noOwner.text()).toContain("Name at least one owner");
    expect(await bySlug("lonely")).toBeUndefined();
  });

  it("refuses a taken slug", async () => {
    const { community } = await makeCommunity({ feeAmount: 0 });
    const res = await postForm("/admin/communities", { ...valid, slug: community.slug }, operator);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('id="slug-error"');
  });

  it("is for operators only", async () => {
    expect((await call("/admin/communities", { cookie: owner })).status).toBe(403);
    expect((await call("/admin/communities/new", { cookie: owner })).status).toBe(403);
    const res = await postForm("/admin/communities", { ...valid, slug: "sneaky" }, owner);
    expect(res.status).toBe(403);
    expect(await bySlug("sneaky")).toBeUndefined();
    const signedOut = await call("/admin/communities/new");
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toMatch(/^\/signin/);
  });

  it("refuses a cross-site create", async () => {
    const res = await call("/admin/communities", {
      method: "POST",
      cookie: operator,
      body: new URLSearchParams({ ...valid, slug: "cross-site" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(await bySlug("cross-site")).toBeUndefined();
  });
});
