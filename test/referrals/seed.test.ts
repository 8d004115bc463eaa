import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { promotionCodes, referrals } from "../../drizzle";
import { seedDemo } from "../../src/communities/seed";
import { findCommunityBySlug } from "../../src/communities/service";
import { call, signIn, tools } from "../helpers";

describe("the demo community's referrals and codes", { timeout: 30_000 }, () => {
  it("are seeded once and show on the owner's pages and the member's page", async () => {
    const { deps } = tools();
    await seedDemo(deps);
    await seedDemo(deps);
    const demo = (await findCommunityBySlug(deps.db, "demo"))!;
    expect(await deps.db.select().from(referrals).where(eq(referrals.communityId, demo.id))).toHaveLength(5);
    expect(await deps.db.select().from(promotionCodes).where(eq(promotionCodes.communityId, demo.id))).toHaveLength(3);
    const owner = await signIn("owner@example.com");
    const board = await (await call("/c/demo/admin/referrals", { cookie: owner })).text();
    expect(board).toMatch(/data-testid="joined">3</);
    expect(board).toContain("Maya Lindqvist");
    const codes = await (await call("/c/demo/admin/codes", { cookie: owner })).text();
    expect(codes).toContain("WELCOME10");
    const maya = await (await call("/c/demo/referrals", { cookie: await signIn("maya@example.com") })).text();
    expect(maya).toContain("3 applied, 2 joined");
  });
});
