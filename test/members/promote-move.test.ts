import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { communityStaff, memberships, tierPrices } from "../../drizzle";
import { compByEmail, demoteModerator, moveToTier, promoteToModerator } from "../../src/members/service";
import { tools } from "../helpers";
import { auditRows, makeTier, membershipRow, OWNER, refundsOf, setupCommunity, subscribe, uniqueEmail } from "./helpers";

async function roleOf(communityId: string, email: string) {
  const row = await tools()
    .deps.db.select({ role: communityStaff.role })
    .from(communityStaff)
    .where(and(eq(communityStaff.communityId, communityId), eq(communityStaff.email, email)))
    .get();
  return row?.role ?? null;
}

describe("promoting members to moderators", () => {
  it("adds the moderator role once; the membership is untouched; demote takes it back", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const email = uniqueEmail("helper");
    const { membership } = await subscribe(community, basic.prices.month!, email);
    expect(await promoteToModerator(deps, community, email, OWNER, "Runs the Thursday meetups")).toEqual({ changed: true });
    expect(await promoteToModerator(deps, community, email, OWNER, "Runs the Thursday meetups")).toEqual({ changed: false });
    expect(await roleOf(community.id, email)).toBe("moderator");
    expect((await membershipRow(membership.id)).status).toBe("active");
    const [entry] = await auditRows(community.id, "member.promoted");
    expect(entry).toMatchObject({ subject: email, reason: "Runs the Thursday meetups", actor: OWNER });
    expect(await auditRows(community.id, "member.promoted")).toHaveLength(1);

    await expect(promoteToModerator(deps, community, OWNER, OWNER, "x")).rejects.toMatchObject({ status: 409 });
    await expect(promoteToModerator(deps, community, uniqueEmail("x"), OWNER, " ")).rejects.toMatchObject({ status: 400, details: [{ field: "reason" }] });

    expect(await demoteModerator(deps, community, email, OWNER, "Stepped back")).toEqual({ changed: true });
    expect(await demoteModerator(deps, community, email, OWNER, "Stepped back")).toEqual({ changed: false });
    expect(await roleOf(community.id, email)).toBeNull();
    expect(await auditRows(community.id, "member.demoted")).toHaveLength(1);
  });

  it("concurrent promotions write one role and one audit entry", async () => {
    const { deps } = tools();
    const { community } = await setupCommunity();
    const email = uniqueEmail("twin");
    const results = await Promise.all([1, 2, 3].map(() => promoteToModerator(deps, community, email, OWNER, "Core member")));
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await auditRows(community.id, "member.promoted")).toHaveLength(1);
  });
});

describe("moving members between tiers", () => {
  it("comped: points at the tier for free, cancels the subscription at once, keeps it for history", async () => {
    const { deps, emulator } = tools();
    const { community, basic, core } = await setupCommunity();
    const email = uniqueEmail("vip");
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, email);

    const outcome = await moveToTier(deps, community, membership.id, core.id, { mode: "comped" }, OWNER, "Speaker at our summit");
    expect(outcome).toMatchObject({ changed: true, billing: { canceled: "now", refund: null, error: null } });
    const row = await membershipRow(membership.id);
    expect(row).toMatchObject({ status: "active", comped: true, tierId: core.id, priceId: null, stripeSubscriptionId: subscriptionId });
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    expect(await refundsOf(subscriptionId)).toHaveLength(0);
    expect((await auditRows(community.id, "member.comped"))[0]!.detail).toMatchObject({ fromTierId: basic.id, toTierId: core.id, subscriptionId });

    const again = await moveToTier(deps, community, membership.id, core.id, { mode: "comped" }, OWNER, "Speaker at our summit");
    expect(again).toMatchObject({ changed: false, billing: { canceled: "already" } });
    expect(await auditRows(community.id, "member.comped")).toHaveLength(1);

    // Relies on the subscription sync leaving a comped membership alone when the cancellation arrives.
    await emulator.deliverPending();
    expect(await membershipRow(membership.id)).toMatchObject({ status: "active", comped: true, tierId: core.id });
  });

  it("paid: switches the subscription to the tier's price of the same interval, prorated", async () => {
    const { deps } = tools();
    const { community, basic, core } = await setupCommunity();
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, uniqueEmail("upgrade"));

    const outcome = await moveToTier(deps, community, membership.id, core.id, { mode: "paid" }, OWNER, "Invited to the inner circle");
    expect(outcome).toEqual({ changed: true });
    const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
    expect(sub.status).toBe("active");
    expect(sub.items.data).toHaveLength(1);
    expect(sub.items.data[0]!.price.id).toBe(core.prices.month!.stripePriceId);
    expect(await membershipRow(membership.id)).toMatchObject({ tierId: core.id, priceId: core.prices.month!.id, comped: false, status: "active" });
    const [moved] = await auditRows(community.id, "member.moved");
    expect(moved!.detail).toMatchObject({ toTierId: core.id, amount: 3000, interval: "month", currency: "usd" });

    expect(await moveToTier(deps, community, membership.id, core.id, { mode: "paid" }, OWNER, "Invited to the inner circle")).toEqual({ changed: false });
    expect(await auditRows(community.id, "member.moved")).toHaveLength(1);
  });

  it("paid refuses a comped member and a tier without a price of that interval", async () => {
    const { deps } = tools();
    const { community, basic, core } = await setupCommunity();
    const { membership } = await subscribe(community, basic.prices.month!, uniqueEmail("refused"));
    // A tier whose monthly price was retired: a monthly payer has nothing to switch to.
    const unpriced = await makeTier(community, "Patrons", 5000);
    await deps.db.update(tierPrices).set({ active: false }).where(eq(tierPrices.tierId, unpriced.id));
    await expect(moveToTier(deps, community, membership.id, unpriced.id, { mode: "paid" }, OWNER, "x")).rejects.toMatchObject({
      status: 400,
      details: [{ field: "tierId", message: "Patrons has no active monthly price" }],
    });
    await moveToTier(deps, community, membership.id, core.id, { mode: "comped" }, OWNER, "Comp first");
    await expect(moveToTier(deps, community, membership.id, basic.id, { mode: "paid" }, OWNER, "x")).rejects.toMatchObject({ status: 409 });
    await expect(moveToTier(deps, community, membership.id, "tier_nope", { mode: "comped" }, OWNER, "x")).rejects.toMatchObject({ status: 400, details: [{ field: "tierId" }] });
  });

  it("comps a person with no membership (once), and moves an existing member instead", async () => {
    const { deps } = tools();
    const { community, basic, core } = await setupCommunity();
    const email = uniqueEmail("guest-speaker");
    const created = await compByEmail(deps, community, email.toUpperCase(), core.id, OWNER, "Guest speaker this quarter");
    expect(created.changed).toBe(true);
    expect(await membershipRow(created.membershipId)).toMatchObject({ email, status: "active", comped: true, tierId: core.id, priceId: null });
    const repeat = await compByEmail(deps, community, email, core.id, OWNER, "Guest speaker this quarter");
    expect(repeat).toMatchObject({ changed: false, membershipId: created.membershipId });
    expect(await auditRows(community.id, "member.comped")).toHaveLength(1);

    const payer = uniqueEmail("payer");
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, payer);
    const moved = await compByEmail(deps, community, payer, core.id, OWNER, "Volunteer");
    expect(moved).toMatchObject({ changed: true, membershipId: membership.id });
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    const live = await deps.db.select().from(memberships).where(and(eq(memberships.communityId, community.id), eq(memberships.email, payer)));
    expect(live).toHaveLength(1);
  });
});
