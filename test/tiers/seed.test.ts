import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberProfiles } from "../../drizzle";
import { displayNames } from "../../src/profiles/names";
import { findCommunityBySlug } from "../../src/communities/service";
import { seedDemo } from "../../src/communities/seed";
import { activePrices, listTiers } from "../../src/tiers/service";
import { tools } from "../helpers";

describe("demo seed", () => {
  it("gives the demo community a three-level pyramid with emulator prices, once", async () => {
    const { deps } = tools();
    await seedDemo(deps);
    await seedDemo(deps);
    const demo = (await findCommunityBySlug(deps.db, "demo"))!;
    const tiers = await listTiers(deps.db, demo.id);
    expect(tiers.map((t) => [t.name, t.rank, t.visibility, t.capacity])).toEqual([
      ["Member", 1, "public", null],
      ["Core", 2, "invite_only", null],
      ["Inner Circle", 3, "public", 12],
    ]);
    const amounts = [];
    for (const t of tiers) {
      const p = await activePrices(deps.db, t.id);
      amounts.push([p.month?.amount ?? null, p.year?.amount ?? null]);
      for (const price of [p.month, p.year]) if (price) expect((await deps.stripe.prices.retrieve(price.stripePriceId)).unit_amount).toBe(price.amount);
    }
    expect(amounts).toEqual([
      [2900, 29000],
      [7900, 79000],
      [19900, null],
    ]);
    expect(tiers[1]!.perks.length).toBeGreaterThan(0);
    // Published through the launch checklist, so its landing page is open to everyone.
    expect(demo.status).toBe("published");
    expect(demo.publishedAt).toBeInstanceOf(Date);
    // The owner is known by name; seeding again keeps one profile (and any name the owner chose since).
    const names = await displayNames(deps.db, demo, ["owner@example.com"]);
    expect(names.get("owner@example.com")).toMatchObject({ name: "Maya Okafor", chosen: true });
    expect(await deps.db.$count(memberProfiles, and(eq(memberProfiles.communityId, demo.id), eq(memberProfiles.email, "owner@example.com")))).toBe(1);
  });
});
