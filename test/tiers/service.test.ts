import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { memberships, tierPrices, type Tier } from "../../drizzle";
import { activePrices, archiveTier, createTier, getTier, listTiers, updateTier } from "../../src/tiers/service";
import { makeCommunity, tools } from "../helpers";
import { auditOf, communityWithTier, fieldsOf, insertMembership, memberTier, refusal, tierRowCounts } from "./helpers";

describe("creating a tier", () => {
  it("creates a Stripe product and one recurring price per interval, then the rows and an audit entry", async () => {
    const { deps } = tools();
    const { community, tier } = await communityWithTier({ trialDays: 7, capacity: 250 });
    expect(tier).toMatchObject({ name: "Member", rank: 1, visibility: "public", capacity: 250, trialDays: 7, currency: "usd", archivedAt: null });
    expect(tier.stripeProductId).toMatch(/^prod_/);

    const product = await deps.stripe.products.retrieve(tier.stripeProductId!);
    expect(product).toMatchObject({ name: "Member", active: true, metadata: { tier_id: tier.id, community_id: community.id } });

    const month = await deps.stripe.prices.retrieve(tier.prices.month!.stripePriceId);
    const year = await deps.stripe.prices.retrieve(tier.prices.year!.stripePriceId);
    expect(month).toMatchObject({ product: product.id, unit_amount: 2900, currency: "usd", active: true, recurring: { interval: "month", interval_count: 1 } });
    expect(year).toMatchObject({ product: product.id, unit_amount: 29000, currency: "usd", active: true, recurring: { interval: "year" } });
    expect(month.metadata).toEqual({ tier_id: tier.id, tier_price_id: tier.prices.month!.id });
    expect(year.metadata).toEqual({ tier_id: tier.id, tier_price_id: tier.prices.year!.id });

    const stored = await getTier(deps.db, community.id, tier.id);
    expect(stored.perks).toEqual(["Forum", "Weekly drops"]);
    const prices = await activePrices(deps.db, tier.id);
    expect(prices.month).toMatchObject({ amount: 2900, interval: "month", active: true, stripePriceId: month.id });
    expect(prices.year).toMatchObject({ amount: 29000, interval: "year", active: true, stripePriceId: year.id });
    expect(await auditOf(community.id, "tier.created")).toHaveLength(1);
  });

  it("offers only the intervals it was given", async () => {
    const { tier } = await communityWithTier({ yearlyAmount: null, monthlyAmount: 19900 });
    expect(Object.keys(await activePrices(tools().deps.db, tier.id))).toEqual(["month"]);
  });

  it("refuses bad input with 400 naming each field, before Stripe, writing nothing", async () => {
    const { deps } = tools();
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    const productsBefore = (await deps.stripe.products.list({ limit: 100 })).data.length;
    const err = await refusal(
      createTier(
        deps,
        community.id,
        {
          ...memberTier(),
          name: "x",
          perks: Array.from({ length: 13 }, (_, i) => `Perk ${i}`),
          rank: 0,
          visibility: "secret" as "public",
          capacity: 0,
          trialDays: 91,
          monthlyAmount: 49,
          currency: "xyz" as "usd",
          colour: "red",
        } as never,
        "owner@example.com",
      ),
    );
    expect(err.status).toBe(400);
    expect(err.code).toBe("validation_failed");
    expect(fieldsOf(err)).toEqual(["capacity", "colour", "currency", "monthlyAmount", "name", "perks", "rank", "trialDays", "visibility"]);
    const none = await refusal(createTier(deps, community.id, memberTier({ monthlyAmount: null, yearlyAmount: null }), "owner@example.com"));
    expect(fieldsOf(none)).toEqual(["monthlyAmount", "yearlyAmount"]);
    expect(await tierRowCounts(community.id)).toEqual({ tiers: 0, prices: 0, audit: 0 });
    expect((await deps.stripe.products.list({ limit: 100 })).data.length).toBe(productsBefore);
  });

  it("refuses a rank another open tier already has", async () => {
    const { deps } = tools();
    const { community } = await communityWithTier();
    const err = await refusal(createTier(deps, community.id, memberTier({ name: "Other" }), "owner@example.com"));
    expect(err.status).toBe(400);
    expect(fieldsOf(err)).toEqual(["rank"]);
    expect(err.details![0]!.message).toContain("Member already has rank 1");
  });

  it("writes nothing when Stripe fails half-way", async () => {
    const { deps } = tools();
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    let calls = 0;
    const flaky = {
      products: deps.stripe.products,
      prices: {
        create: (...args: Parameters<Stripe["prices"]["create"]>) => {
          calls += 1;
          if (calls === 2) throw new Stripe.errors.StripeAPIError({ message: "Stripe is having a bad day", type: "api_error" });
          return deps.stripe.prices.create(...args);
        },
      },
    } as unknown as Stripe;
    const err = await refusal(createTier({ ...deps, stripe: flaky }, community.id, memberTier(), "owner@example.com"));
    expect(err).toMatchObject({ status: 502, code: "stripe_error" });
    expect(err.message).toContain("Stripe is having a bad day");
    expect(await tierRowCounts(community.id)).toEqual({ tiers: 0, prices: 0, audit: 0 });
  });

  it("writes the tier, its prices and the audit entry in one batch: a failing statement leaves none of them", async () => {
    const { deps } = tools();
    const { community } = await makeCommunity({ feeAmount: 0 }, []);
    // Both prices come back with one id, so the price insert breaks a unique constraint after the tier insert ran.
    const same = await deps.stripe.prices.create({ product_data: { name: "x" }, currency: "usd", unit_amount: 100, recurring: { interval: "month" } });
    const duplicate = { products: deps.stripe.products, prices: { create: async () => same } } as unknown as Stripe;
    await expect(createTier({ ...deps, stripe: duplicate }, community.id, memberTier(), "owner@example.com")).rejects.toThrow();
    expect(await tierRowCounts(community.id)).toEqual({ tiers: 0, prices: 0, audit: 0 });
  });
});

describe("changing a tier", () => {
  async function grandfatheredSetup() {
    const { community, tier } = await communityWithTier();
    const member = await insertMembership(tier, { status: "active", priceId: tier.prices.month!.id, joinedAt: new Date() });
    return { community, tier, member };
  }

  it("a new amount is a new Stripe price for newcomers; the old one is retired and the member keeps it", async () => {
    const { deps } = tools();
    const { community, tier, member } = await grandfatheredSetup();
    const old = tier.prices.month!;
    const updated = await updateTier(deps, tier.id, { monthlyAmount: 3500 }, "owner@example.com");

    const fresh = updated.prices.month!;
    expect(fresh.id).not.toBe(old.id);
    expect(fresh).toMatchObject({ amount: 3500, active: true, interval: "month" });
    expect(updated.prices.year!.id).toBe(tier.prices.year!.id);
    expect((await activePrices(deps.db, tier.id)).month!.id).toBe(fresh.id);

    const oldRow = await deps.db.query.tierPrices.findFirst({ where: eq(tierPrices.id, old.id) });
    expect(oldRow!.active).toBe(false);
    expect(await deps.stripe.prices.retrieve(old.stripePriceId)).toMatchObject({ active: false, unit_amount: 2900 });
    const stripeNew = await deps.stripe.prices.retrieve(fresh.stripePriceId);
    expect(stripeNew).toMatchObject({ active: true, unit_amount: 3500, product: tier.stripeProductId, recurring: { interval: "month" } });
    expect(stripeNew.metadata).toEqual({ tier_id: tier.id, tier_price_id: fresh.id });

    const after = await deps.db.query.memberships.findFirst({ where: eq(memberships.id, member.id) });
    expect(after!.priceId).toBe(old.id);
    expect(after!.pendingPriceId).toBeNull();

    const [audit] = await auditOf(community.id, "tier.price_changed");
    expect(audit!.detail).toMatchObject({ interval: "month", oldAmount: 2900, newAmount: 3500, oldPriceId: old.id, newPriceId: fresh.id });
  });

  it("keeps text changes in sync with Stripe and audits them, without touching prices", async () => {
    const { deps } = tools();
    const { community, tier } = await communityWithTier();
    const updated = await updateTier(deps, tier.id, { name: "Members", perks: ["Forum"], capacity: 300, trialDays: 14, visibility: "invite_only", monthlyAmount: 2900 }, "owner@example.com");
    expect(updated).toMatchObject({ name: "Members", perks: ["Forum"], capacity: 300, trialDays: 14, visibility: "invite_only" });
    expect(updated.prices.month!.id).toBe(tier.prices.month!.id);
    expect((await deps.stripe.products.retrieve(tier.stripeProductId!)).name).toBe("Members");
    const [audit] = await auditOf(community.id, "tier.updated");
    expect(audit!.detail).toMatchObject({ changes: { name: { from: "Member", to: "Members" }, capacity: { from: null, to: 300 } } });
    expect(await auditOf(community.id, "tier.price_changed")).toHaveLength(0);
  });

  it("removing an interval retires its price; removing the last one is refused", async () => {
    const { deps } = tools();
    const { tier } = await communityWithTier();
    const updated = await updateTier(deps, tier.id, { yearlyAmount: null }, "owner@example.com");
    expect(updated.prices.year).toBeUndefined();
    expect((await deps.stripe.prices.retrieve(tier.prices.year!.stripePriceId)).active).toBe(false);
    const err = await refusal(updateTier(deps, tier.id, { monthlyAmount: null }, "owner@example.com"));
    expect(err.status).toBe(400);
    expect(fieldsOf(err)).toEqual(["monthlyAmount", "yearlyAmount"]);
    expect((await activePrices(deps.db, tier.id)).month!.id).toBe(tier.prices.month!.id);
  });

  it("refuses a currency change and unknown keys, naming them", async () => {
    const { deps } = tools();
    const { tier } = await communityWithTier();
    expect(fieldsOf(await refusal(updateTier(deps, tier.id, { currency: "eur" }, "owner@example.com")))).toEqual(["currency"]);
    expect(fieldsOf(await refusal(updateTier(deps, tier.id, { price: 10 } as never, "owner@example.com")))).toEqual(["price"]);
  });
});

describe("listing and archiving", () => {
  it("lists by rank and archives only an empty tier", async () => {
    const { deps } = tools();
    const { community, tier } = await communityWithTier({ rank: 2 });
    const base = await createTier(deps, community.id, memberTier({ name: "Base", rank: 1 }), "owner@example.com");
    expect((await listTiers(deps.db, community.id)).map((t: Tier) => t.name)).toEqual(["Base", "Member"]);

    const member = await insertMembership(tier, { status: "past_due", priceId: tier.prices.month!.id });
    const busy = await refusal(archiveTier(deps, tier.id, "owner@example.com"));
    expect(busy.status).toBe(409);
    await deps.db.update(memberships).set({ status: "canceled" }).where(eq(memberships.id, member.id));
    const archived = await archiveTier(deps, tier.id, "owner@example.com");
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await deps.stripe.products.retrieve(tier.stripeProductId!)).active).toBe(false);
    expect((await listTiers(deps.db, community.id)).map((t) => t.name)).toEqual(["Base"]);
    expect((await listTiers(deps.db, community.id, { includeArchived: true })).map((t) => t.name)).toEqual(["Base", "Member"]);
    expect((await refusal(updateTier(deps, tier.id, { name: "Again" }, "owner@example.com"))).status).toBe(409);
    expect(await auditOf(community.id, "tier.archived")).toHaveLength(1);
    // The rank of an archived tier is free again.
    await createTier(deps, community.id, memberTier({ name: "New middle", rank: 2 }), "owner@example.com");
    expect(base.rank).toBe(1);
  });
});
