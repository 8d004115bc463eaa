import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emails, memberships } from "../../drizzle";
import type { Deps } from "../../src/env";
import { earliestMigrationDate } from "../../src/tiers/migration";
import { applyDueMigrations, scheduleMigration, updateTier } from "../../src/tiers/service";
import { tools } from "../helpers";
import { auditOf, communityWithTier, DAY, fieldsOf, insertMembership, refusal, subscribe } from "./helpers";

const at = (deps: Deps, offsetMs: number): Deps => ({ ...deps, now: () => new Date(Date.now() + offsetMs) });

async function membership(id: string) {
  return (await tools().deps.db.query.memberships.findFirst({ where: eq(memberships.id, id) }))!;
}

/** A member subscribed in the emulator at $29/month, then the owner raises the price to $35. */
async function raisedPrice() {
  const { deps } = tools();
  const { community, tier } = await communityWithTier();
  const email = `grandfathered-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const subscriptionId = await subscribe(tier.prices.month!.stripePriceId, email);
  const member = await insertMembership(tier, { email, status: "active", priceId: tier.prices.month!.id, stripeSubscriptionId: subscriptionId });
  const raised = await updateTier(deps, tier.id, { monthlyAmount: 3500 }, "owner@example.com");
  return { community, tier, member, subscriptionId, newPrice: raised.prices.month!, oldPrice: tier.prices.month! };
}

describe("scheduling a price migration", () => {
  it("refuses a date less than 7 days ahead, naming effectiveAt, and changes nothing", async () => {
    const { deps } = tools();
    const { tier, member } = await raisedPrice();
    const err = await refusal(scheduleMigration(deps, tier.id, "month", new Date(Date.now() + 6 * DAY), "owner@example.com", "Costs went up"));
    expect(err.status).toBe(400);
    expect(fieldsOf(err)).toEqual(["effectiveAt"]);
    expect((await membership(member.id)).pendingPriceId).toBeNull();
    const mail = await deps.db.select().from(emails).where(and(eq(emails.to, member.email), eq(emails.kind, "price_migration")));
    expect(mail).toHaveLength(0);
    const noReason = await refusal(scheduleMigration(deps, tier.id, "month", new Date(Date.now() + 8 * DAY), "owner@example.com", " "));
    expect(fieldsOf(noReason)).toEqual(["reason"]);
  });

  it("marks each grandfathered member, audits, and emails them the old and new amount and the date", async () => {
    const { deps } = tools();
    const { community, tier, member, newPrice, oldPrice } = await raisedPrice();
    // Not moved: someone already on the new price, a comped member, a canceled one, a yearly one.
    const current = await insertMembership(tier, { status: "active", priceId: newPrice.id, stripeSubscriptionId: `sub_current_${member.id}` });
    const comped = await insertMembership(tier, { status: "active", priceId: oldPrice.id, comped: true, stripeSubscriptionId: `sub_comped_${member.id}` });
    const gone = await insertMembership(tier, { status: "canceled", priceId: oldPrice.id, stripeSubscriptionId: `sub_gone_${member.id}` });
    const yearly = await insertMembership(tier, { status: "active", priceId: tier.prices.year!.id, stripeSubscriptionId: `sub_year_${member.id}` });

    const effectiveAt = new Date(Date.UTC(2100, 0, 15));
    const { scheduled } = await scheduleMigration(deps, tier.id, "month", effectiveAt, "owner@example.com", "Costs went up");
    expect(scheduled).toBe(1);
    expect(await membership(member.id)).toMatchObject({ priceId: oldPrice.id, pendingPriceId: newPrice.id, pendingPriceAt: effectiveAt });
    for (const other of [current, comped, gone, yearly]) expect((await membership(other.id)).pendingPriceId).toBeNull();

    const [mail] = await deps.db.select().from(emails).where(and(eq(emails.to, member.email), eq(emails.kind, "price_migration")));
    expect(mail!.text).toContain("$29.00");
    expect(mail!.text).toContain("$35.00");
    expect(mail!.text).toContain("2100-01-15");
    expect(mail!.subject).toContain("2100-01-15");
    const [audit] = await auditOf(community.id, "tier.price_migration_scheduled");
    expect(audit).toMatchObject({ reason: "Costs went up", subject: tier.id, actor: "owner@example.com" });
    expect(audit!.detail).toMatchObject({ interval: "month", newAmount: 3500, memberships: [{ id: member.id, oldAmount: 2900 }] });
  });

  it("needs a current price for the interval", async () => {
    const { deps } = tools();
    const { tier } = await communityWithTier({ yearlyAmount: null });
    const err = await refusal(scheduleMigration(deps, tier.id, "year", new Date(Date.now() + 30 * DAY), "owner@example.com", "x"));
    expect(fieldsOf(err)).toEqual(["interval"]);
  });

  it("computes the first allowed day in UTC", () => {
    expect(earliestMigrationDate(new Date("2026-03-01T10:00:00Z")).toISOString()).toBe("2026-03-09T00:00:00.000Z");
    expect(earliestMigrationDate(new Date("2026-03-01T00:00:00Z")).toISOString()).toBe("2026-03-08T00:00:00.000Z");
  });
});

describe("applying due migrations", () => {
  it("moves the Stripe subscription to the new price exactly once, then the membership", async () => {
    const { deps, emulator } = tools();
    const { community, tier, member, subscriptionId, newPrice, oldPrice } = await raisedPrice();
    await scheduleMigration(deps, tier.id, "month", new Date(Date.now() + 8 * DAY), "owner@example.com", "Costs went up");
    const before = new Set((await emulator.listEvents()).map((e) => e.id));

    expect(await applyDueMigrations(at(deps, 7 * DAY))).toBe(0); // not due yet
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).items.data[0]!.price.id).toBe(oldPrice.stripePriceId);

    const later = at(deps, 9 * DAY);
    expect(await applyDueMigrations(later)).toBe(1);
    expect(await applyDueMigrations(later)).toBe(0);

    const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
    expect(sub.items.data).toHaveLength(1);
    expect(sub.items.data[0]!.price.id).toBe(newPrice.stripePriceId);
    expect(await membership(member.id)).toMatchObject({ priceId: newPrice.id, pendingPriceId: null, pendingPriceAt: null });
    const updates = (await emulator.listEvents()).filter((e) => !before.has(e.id) && e.type === "customer.subscription.updated" && (e.data.object as { id: string }).id === subscriptionId);
    expect(updates).toHaveLength(1);
    expect(await auditOf(community.id, "membership.price_migrated")).toHaveLength(1);
  });

  it("finishes a migration whose Stripe call went through but whose row was not updated", async () => {
    const { deps, emulator } = tools();
    const { member, tier, subscriptionId, newPrice } = await raisedPrice();
    await scheduleMigration(deps, tier.id, "month", new Date(Date.now() + 8 * DAY), "owner@example.com", "Costs went up");
    const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
    await deps.stripe.subscriptions.update(subscriptionId, { items: [{ id: sub.items.data[0]!.id, price: newPrice.stripePriceId }], proration_behavior: "none" });
    const before = new Set((await emulator.listEvents()).map((e) => e.id));
    expect(await applyDueMigrations(at(deps, 9 * DAY))).toBe(1);
    expect((await membership(member.id)).priceId).toBe(newPrice.id);
    expect((await emulator.listEvents()).filter((e) => !before.has(e.id))).toHaveLength(0);
  });

  it("cancels a migration whose target price was replaced again before it took effect", async () => {
    const { deps } = tools();
    const { community, member, tier, subscriptionId, oldPrice } = await raisedPrice();
    await scheduleMigration(deps, tier.id, "month", new Date(Date.now() + 8 * DAY), "owner@example.com", "Costs went up");
    await updateTier(deps, tier.id, { monthlyAmount: 3900 }, "owner@example.com");
    expect(await applyDueMigrations(at(deps, 9 * DAY))).toBe(0);
    expect(await membership(member.id)).toMatchObject({ priceId: oldPrice.id, pendingPriceId: null });
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).items.data[0]!.price.id).toBe(oldPrice.stripePriceId);
    expect(await auditOf(community.id, "membership.price_migration_cancelled")).toHaveLength(1);
  });
});
