import { and, asc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { BILLING_INTERVALS, LIVE_MEMBERSHIP_STATUSES, memberships, tierPrices, tiers, type BillingInterval, type Tier, type TierPrice } from "../../drizzle";
import { getCommunityById } from "../communities/service";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError, type FieldIssue } from "../lib/errors";
import { newId } from "../lib/ids";
import { parseOrThrow } from "../lib/validation";
import { auditEntry } from "../memberships/audit";
import { activePrices, pricesByInterval, type ActivePrices } from "./prices";
import { tierInputSchema, tierUpdateSchema, type TierInputRaw, type TierUpdate, type TierUpdateRaw } from "./schemas";
import { isStripeError } from "../platform/stripe-call";

/**
 * Tiers: the levels of a community's pyramid, each a Stripe product with one recurring price per
 * interval. Stripe objects are created first and the rows written in one batch after, so a Stripe
 * failure leaves nothing behind in D1. Existing members keep the price they joined at
 * (grandfathering): a price change adds a new price and retires the old one for newcomers only.
 */

export { activePrices, type ActivePrices } from "./prices";
export { seatHoldingSql, seatsTaken } from "./seats";
export { applyDueMigrations, scheduleMigration } from "./migration";
export { consumeInvite, createInvite, findUsableInvite, inviteAllows, inviteUrl, type UsableInvite } from "./invites";

export type TierWithPrices = Tier & { prices: ActivePrices };

/** Form/API field of each interval's amount. */
export const AMOUNT_FIELD = { month: "monthlyAmount", year: "yearlyAmount" } as const satisfies Record<BillingInterval, keyof TierUpdate>;

export async function getTierById(db: Db, tierId: string): Promise<Tier> {
  const tier = await db.query.tiers.findFirst({ where: eq(tiers.id, tierId) });
  if (!tier) throw AppError.notFound("Tier");
  return tier;
}

/** A tier of this community (archived ones too, so owners can still open them). */
export async function getTier(db: Db, communityId: string, tierId: string): Promise<Tier> {
  const tier = await db.query.tiers.findFirst({ where: and(eq(tiers.id, tierId), eq(tiers.communityId, communityId)) });
  if (!tier) throw AppError.notFound("Tier");
  return tier;
}

/** The community's tiers from the bottom of the pyramid (rank 1) up. */
export async function listTiers(db: Db, communityId: string, opts: { includeArchived?: boolean } = {}): Promise<Tier[]> {
  const where = opts.includeArchived ? eq(tiers.communityId, communityId) : and(eq(tiers.communityId, communityId), isNull(tiers.archivedAt));
  return db.select().from(tiers).where(where).orderBy(asc(tiers.rank), asc(tiers.createdAt));
}

/** Ranks order the pyramid and decide who sees what, so two open tiers never share one. */
async function assertRankFree(db: Db, communityId: string, rank: number, exceptTierId?: string): Promise<void> {
  const conditions = [eq(tiers.communityId, communityId), eq(tiers.rank, rank), isNull(tiers.archivedAt)];
  if (exceptTierId) conditions.push(ne(tiers.id, exceptTierId));
  const other = await db.query.tiers.findFirst({ where: and(...conditions) });
  if (other) throw AppError.validation([{ field: "rank", message: `${other.name} already has rank ${rank}; pick another` }]);
}

/** Stripe refusals become one clear error; nothing has been written when this is thrown. */
async function viaStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isStripeError(err)) throw new AppError(502, "stripe_error", `Stripe could not ${what}: ${(err as Error).message}`);
    throw err;
  }
}

/** Creates the Stripe price for a new tier_prices row; the row itself is written by the caller's batch. */
async function newTierPrice(
  deps: Pick<Deps, "stripe">,
  tier: Pick<Tier, "id" | "currency"> & { stripeProductId: string },
  interval: BillingInterval,
  amount: number,
  now: Date,
): Promise<TierPrice> {
  const id = newId("tpr");
  const price = await viaStripe("create the price", () =>
    deps.stripe.prices.create(
      {
        product: tier.stripeProductId,
        unit_amount: amount,
        currency: tier.currency,
        recurring: { interval },
        metadata: { tier_id: tier.id, tier_price_id: id },
      },
      { idempotencyKey: `threshold:tier-price:${id}` },
    ),
  );
  return { id, tierId: tier.id, interval, amount, currency: tier.currency, stripePriceId: price.id, active: true, createdAt: now };
}

export async function createTier(deps: Deps, communityId: string, raw: TierInputRaw, actor: string): Promise<TierWithPrices> {
  const input = parseOrThrow(tierInputSchema, raw);
  await getCommunityById(deps.db, communityId);
  await assertRankFree(deps.db, communityId, input.rank);
  const now = deps.now();
  const tierId = newId("tier");
  const product = await viaStripe("create the product", () =>
    deps.stripe.products.create(
      { name: input.name, metadata: { tier_id: tierId, community_id: communityId } },
      { idempotencyKey: `threshold:tier-product:${tierId}` },
    ),
  );
  const { monthlyAmount, yearlyAmount, ...fields } = input;
  const tier: Tier = { id: tierId, communityId, ...fields, stripeProductId: product.id, archivedAt: null, createdAt: now, updatedAt: now };
  const prices: TierPrice[] = [];
  for (const interval of BILLING_INTERVALS) {
    const amount = input[AMOUNT_FIELD[interval]];
    if (amount != null) prices.push(await newTierPrice(deps, { ...tier, stripeProductId: product.id }, interval, amount, now));
  }
  await deps.db.batch([
    deps.db.insert(tiers).values(tier),
    deps.db.insert(tierPrices).values(prices),
    auditEntry(deps.db, {
      communityId,
      actor,
      action: "tier.created",
      subject: tierId,
      detail: { name: tier.name, rank: tier.rank, prices: prices.map((p) => ({ interval: p.interval, amount: p.amount, currency: p.currency })) },
      at: now,
    }),
  ]);
  return { ...tier, prices: pricesByInterval(prices) };
}

const PLAIN_FIELDS = ["name", "description", "perks", "rank", "visibility", "capacity", "trialDays"] as const;
type FieldChanges = Partial<Record<(typeof PLAIN_FIELDS)[number], { from: unknown; to: unknown }>>;

function fieldChanges(tier: Tier, patch: TierUpdate): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of PLAIN_FIELDS) {
    const to = patch[field];
    if (to !== undefined && JSON.stringify(to) !== JSON.stringify(tier[field])) changes[field] = { from: tier[field], to };
  }
  return changes;
}

interface PriceChange {
  interval: BillingInterval;
  old: TierPrice | undefined;
  /** The new amount, or null when the interval is removed. */
  amount: number | null;
}

/** Which intervals change price; refuses a change that would leave the tier with no price. */
function priceChanges(current: ActivePrices, patch: TierUpdate): PriceChange[] {
  const changes: PriceChange[] = [];
  for (const interval of BILLING_INTERVALS) {
    const amount = patch[AMOUNT_FIELD[interval]];
    const old = current[interval];
    if (amount === undefined || amount === (old?.amount ?? null)) continue;
    changes.push({ interval, old, amount });
  }
  const remaining = BILLING_INTERVALS.filter((i) => {
    const change = changes.find((c) => c.interval === i);
    return change ? change.amount != null : current[i] != null;
  });
  if (!remaining.length) {
    const message = "Keep a monthly or a yearly price (or both)";
    throw AppError.validation(BILLING_INTERVALS.map((i): FieldIssue => ({ field: AMOUNT_FIELD[i], message })));
  }
  return changes;
}

/**
 * Changes a tier's text, perks, rank, visibility, capacity or trial, and its prices. A new amount
 * is a new Stripe price (and tier_prices row) for new members; the old one is retired for
 * newcomers only, so existing memberships keep their `priceId` until the owner migrates them.
 */
export async function updateTier(deps: Deps, tierId: string, raw: TierUpdateRaw, actor: string): Promise<TierWithPrices> {
  const patch = parseOrThrow(tierUpdateSchema, raw);
  const tier = await getTierById(deps.db, tierId);
  if (tier.archivedAt) throw AppError.conflict("This tier is archived and can no longer change");
  if (patch.currency && patch.currency !== tier.currency) {
    throw AppError.validation([{ field: "currency", message: "Currency cannot change once a tier has prices; create a new tier instead" }]);
  }
  const current = await activePrices(deps.db, tierId);
  const prices = priceChanges(current, patch);
  if (patch.rank !== undefined && patch.rank !== tier.rank) await assertRankFree(deps.db, tier.communityId, patch.rank, tierId);
  const fields = fieldChanges(tier, patch);
  if (!prices.length && !Object.keys(fields).length) return { ...tier, prices: current };
  if (!tier.stripeProductId) throw new AppError(500, "misconfigured", `Tier ${tierId} has no Stripe product`);
  const productId = tier.stripeProductId;

  const now = deps.now();
  const created = new Map<BillingInterval, TierPrice>();
  for (const change of prices) {
    if (change.amount != null) created.set(change.interval, await newTierPrice(deps, { ...tier, stripeProductId: productId }, change.interval, change.amount, now));
  }
  // Last Stripe call before the batch: a refused price leaves the product's name as D1 has it.
  if (fields.name) await viaStripe("rename the product", () => deps.stripe.products.update(productId, { name: patch.name! }));
  const set = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.to]));
  const retired = prices.flatMap((c) => (c.old ? [c.old] : []));
  const audit = (action: string, detail: Record<string, unknown>) => auditEntry(deps.db, { communityId: tier.communityId, actor, action, subject: tierId, detail, at: now });
  await deps.db.batch([
    deps.db.update(tiers).set({ ...set, updatedAt: now }).where(eq(tiers.id, tierId)),
    ...[...created.values()].map((p) => deps.db.insert(tierPrices).values(p)),
    ...(retired.length ? [deps.db.update(tierPrices).set({ active: false }).where(inArray(tierPrices.id, retired.map((p) => p.id)))] : []),
    ...(Object.keys(fields).length ? [audit("tier.updated", { changes: fields })] : []),
    ...prices.map((c) =>
      audit("tier.price_changed", {
        interval: c.interval,
        currency: tier.currency,
        oldAmount: c.old?.amount ?? null,
        newAmount: c.amount,
        oldPriceId: c.old?.id ?? null,
        newPriceId: created.get(c.interval)?.id ?? null,
      }),
    ),
  ]);
  await retireStripePrices(deps, retired);
  const next = { ...current };
  for (const c of prices) {
    const p = created.get(c.interval);
    if (p) next[c.interval] = p;
    else delete next[c.interval];
  }
  return { ...tier, ...set, updatedAt: now, prices: next };
}

/**
 * Deactivated in Stripe after D1 says so: D1 decides which price a newcomer is offered, and
 * Stripe keeps billing existing subscriptions on an inactive price. A failure here is logged, not
 * thrown, because the change it follows is already saved.
 */
async function retireStripePrices(deps: Pick<Deps, "stripe">, retired: TierPrice[]): Promise<void> {
  for (const p of retired) {
    try {
      await deps.stripe.prices.update(p.stripePriceId, { active: false });
    } catch (err) {
      console.error("could not deactivate Stripe price", p.stripePriceId, err);
    }
  }
}

/** Hides a tier from new joiners. Only an empty tier can go: its members must be moved first. */
export async function archiveTier(deps: Deps, tierId: string, actor: string): Promise<Tier> {
  const tier = await getTierById(deps.db, tierId);
  if (tier.archivedAt) return tier;
  const noLiveMembers = sql`not exists (select 1 from ${memberships} where ${memberships.tierId} = ${tierId} and ${inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES])})`;
  const now = deps.now();
  // One conditional update, so a member joining at the same moment cannot be stranded in an archived tier.
  const [archived] = await deps.db
    .update(tiers)
    .set({ archivedAt: now, updatedAt: now })
    .where(and(eq(tiers.id, tierId), isNull(tiers.archivedAt), noLiveMembers))
    .returning();
  if (!archived) {
    const latest = await getTierById(deps.db, tierId);
    if (latest.archivedAt) return latest;
    throw AppError.conflict(`${tier.name} still has members; move them to another tier before archiving it`);
  }
  await auditEntry(deps.db, { communityId: tier.communityId, actor, action: "tier.archived", subject: tierId, detail: { name: tier.name }, at: now });
  if (tier.stripeProductId) {
    try {
      await deps.stripe.products.update(tier.stripeProductId, { active: false });
    } catch (err) {
      console.error("could not archive Stripe product", tier.stripeProductId, err);
    }
  }
  return archived;
}
