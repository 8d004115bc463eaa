import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { memberActivityDaily, memberships } from "../../drizzle";
import { call, signIn, tools } from "../helpers";
import { dropFor } from "../home/helpers";
import { spaceCommunity } from "../spaces/helpers";

/** The activity record's sign-ins, drop views and visits, counted where they happen. */

let c: Awaited<ReturnType<typeof spaceCommunity>>;

async function counters(email: string) {
  const { deps } = tools();
  return deps.db.select().from(memberActivityDaily).where(and(eq(memberActivityDaily.communityId, c.community.id), eq(memberActivityDaily.email, email)));
}

beforeAll(async () => {
  c = await spaceCommunity({ members: 3, core: 1 });
});

describe("sign-ins", () => {
  it("count each completed magic-link sign-in in every community where the person is a live member", async () => {
    const other = await spaceCommunity({ members: 0, core: 0 });
    const { deps } = tools();
    // The same person in a second community, under another email prefix there: join them by email.
    await deps.db.insert(memberships).values({ id: `mem_x${crypto.randomUUID().slice(0, 8)}`, communityId: other.community.id, email: c.member(1), tierId: other.tiers.member.id, status: "active", comped: true, cancelAtPeriodEnd: false, joinedAt: deps.now(), createdAt: deps.now(), updatedAt: deps.now() });
    await signIn(c.member(1));
    await signIn(c.member(1));
    expect((await counters(c.member(1))).map((r) => r.signIns)).toEqual([2]);
    const elsewhere = await deps.db.select().from(memberActivityDaily).where(and(eq(memberActivityDaily.communityId, other.community.id), eq(memberActivityDaily.email, c.member(1))));
    expect(elsewhere.map((r) => r.signIns)).toEqual([2]);
  });

  it("are not counted for someone who is no live member", async () => {
    const { deps } = tools();
    await deps.db.update(memberships).set({ status: "removed" }).where(eq(memberships.email, c.member(2)));
    await signIn(c.member(2));
    await signIn(`stranger-${crypto.randomUUID().slice(0, 6)}@example.com`);
    expect(await counters(c.member(2))).toEqual([]);
  });
});

describe("drop views", () => {
  it("count each time a member opens a drop that is open for them, and never a refused one", async () => {
    const drop = await dropFor(c.community, "Field notes", "Body.", [{ tierId: c.tiers.member.id, offsetHours: 0 }]);
    const coreOnly = await dropFor(c.community, "Core notes", "Body.", [{ tierId: c.tiers.core.id, offsetHours: 0 }]);
    const cookie = await signIn(c.member(3));
    for (let i = 0; i < 2; i++) expect((await call(`/c/${c.community.slug}/drops/${drop.id}`, { cookie, headers: { accept: "text/html" } })).status).toBe(200);
    expect((await call(`/c/${c.community.slug}/drops/${coreOnly.id}`, { cookie, headers: { accept: "text/html" } })).status).toBe(404);
    const [row] = await counters(c.member(3));
    expect(row!.dropViews).toBe(2);
    expect(row!.signIns).toBe(1);
  });
});
