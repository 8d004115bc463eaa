import { describe, expect, it } from "vitest";
import { moveToTier } from "../../src/members/moves";
import { updateTier } from "../../src/tiers/service";
import { call, signIn, tools } from "../helpers";
import { auditRows, OWNER, setupCommunity, subscribe, uniqueEmail } from "./helpers";

describe("the audit log reads as sentences", () => {
  it("shows tier names and old → new values, never ids, and logs a comped member's move as a move", async () => {
    const { deps } = tools();
    const { community, basic, core } = await setupCommunity();
    const { membership } = await subscribe(community, basic.prices.month!, uniqueEmail("mover"));
    await moveToTier(deps, community, membership.id, core.id, { mode: "comped" }, OWNER, "Speaker at the summit");
    await moveToTier(deps, community, membership.id, basic.id, { mode: "comped" }, OWNER, "Back to the base tier");
    await updateTier(deps, basic.id, { monthlyAmount: 1500, name: "Base" }, OWNER);

    // Comping a payer is a comp; moving someone already comped is a move, not a second comp.
    expect(await auditRows(community.id, "member.comped")).toHaveLength(1);
    const [moved] = await auditRows(community.id, "member.moved");
    expect(moved!.detail).toMatchObject({ fromTierId: core.id, toTierId: basic.id, comped: true });

    const owner = await signIn(OWNER);
    const body = await (await call(`/c/${community.slug}/admin/audit`, { cookie: owner })).text();
    const table = body.slice(body.indexOf("<table"), body.indexOf("</table>"));
    expect(table).toContain("Comped (free of charge)</td>");
    // Tiers go by their current names (Members was renamed Base), the same in every entry.
    expect(table).toContain("Base → Inner circle; free of charge");
    expect(table).toContain("Moved to another tier</td>");
    expect(table).toContain("Inner circle → Base; free of charge");
    expect(table).toContain("monthly: $12.00 → $15.00");
    expect(table).toContain("name: Members → Base");
    // Subjects and details name things; no tier, membership or price id is shown.
    expect(table).not.toMatch(/\b(tier|mem|price|tprice)_[a-z0-9]{6,}/);
  });
});
