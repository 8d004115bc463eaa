import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applicationGroups, gifts, groupOffers } from "../../drizzle";
import { findCommunityBySlug } from "../../src/communities/service";
import { seedDemo } from "../../src/communities/seed";
import { call, tools } from "../helpers";

describe("demo seed: groups and gifts", () => {
  it("gives the demo a group offer, groups with a history and gift memberships, once", async () => {
    const { deps } = tools();
    await seedDemo(deps);
    await seedDemo(deps);
    const demo = (await findCommunityBySlug(deps.db, "demo"))!;
    expect(await deps.db.select().from(groupOffers).where(eq(groupOffers.communityId, demo.id))).toHaveLength(1);
    const groups = await deps.db.select().from(applicationGroups).where(eq(applicationGroups.communityId, demo.id));
    expect(groups.map((g) => g.status).sort()).toEqual(["filled", "open", "unfilled"]);
    expect((await deps.db.select().from(gifts).where(eq(gifts.communityId, demo.id))).map((g) => g.status).sort()).toEqual(["ended", "redeemed"]);
    expect(await (await call("/c/demo")).text()).toContain("Apply with friends");
    const open = groups.find((g) => g.status === "open")!;
    const page = await (await call(`/c/demo/group/${open.id}`)).text();
    expect(page).toContain("1 of 3");
  });
});
