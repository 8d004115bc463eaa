import { and, asc, eq, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import { memberships, tierPrices, tiers, type BillingInterval, type Membership, type TierPrice } from "../../drizzle";
import { getCommunityById } from "../communities/service";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { parseOrThrow } from "../lib/validation";
import { auditEntry } from "../memberships/audit";
import { formatDate, formatMoney } from "../ui/format";
import { activePrices } from "./prices";
import { MIGRATION_NOTICE_DAYS, migrationInputSchema } from "./schemas";
import { SEAT_HOLDING_STATUSES } from "./seats";
import { isStripeInvalidRequest } from "../platform/stripe-call";

/**
 * Moving grandfathered members to a tier's current price: never silent, never sooner than
 * MIGRATION_NOTICE_DAYS after they are told. The owner schedules it (members are emailed), and the
 * cron trigger applies it when due by switching the Stripe subscription's item to the new price
 * without proration, so the new amount is charged from the next renewal.
 */

const DAY_MS = 86_400_000;

/** The first whole UTC day a migration scheduled at `now` may take effect. */
export function earliestMigrationDate(now: Date): Date {
  const day = Math.floor((now.getTime() + MIGRATION_NOTICE_DAYS * DAY_MS) / DAY_MS) * DAY_MS;
  return new Date(day < now.getTime() + MIGRATION_NOTICE_DAYS * DAY_MS ? day + DAY_MS : day);
}

/** Members of the tier who pay an older price of `interval` and have a subscription to move. */
function grandfathered(tierId: string, interval: BillingInterval, target: TierPrice) {
  return and(
    eq(memberships.tierId, tierId),
    inArray(memberships.status, [...SEAT_HOLDING_STATUSES]),
    eq(memberships.comped, false),
    isNotNull(memberships.stripeSubscriptionId),
    ne(memberships.priceId, target.id),
    inArray(memberships.priceId, sql`(select ${tierPrices.id} from ${tierPrices} where ${tierPrices.tierId} = ${tierId} and ${tierPrices.interval} = ${interval})`),
  );
}

export async function scheduleMigration(
  deps: Deps,
  tierId: string,
  interval: BillingInterval,
  effectiveAt: Date,
  actor: string,
  reason: string,
): Promise<{ scheduled: number }> {
  const input = parseOrThrow(migrationInputSchema, { interval, effectiveAt, reason });
  const now = deps.now();
  if (Number.isNaN(input.effectiveAt.getTime()) || input.effectiveAt.getTime() < now.getTime() + MIGRATION_NOTICE_DAYS * DAY_MS) {
    throw AppError.validation([
      { field: "effectiveAt", message: `Members must hear at least ${MIGRATION_NOTICE_DAYS} days ahead: pick ${formatDate(earliestMigrationDate(now))} or later` },
    ]);
  }
  const tier = await deps.db.query.tiers.findFirst({ where: eq(tiers.id, tierId) });
  if (!tier) throw AppError.notFound("Tier");
  const target = (await activePrices(deps.db, tierId))[input.interval];
  if (!target) throw AppError.validation([{ field: "interval", message: `${tier.name} has no current ${input.interval}ly price to move members to` }]);

  const where = grandfathered(tierId, input.interval, target);
  const movers = await deps.db
    .select({ membership: memberships, price: tierPrices })
    .from(memberships)
    .innerJoin(tierPrices, eq(tierPrices.id, memberships.priceId))
    .where(where)
    .orderBy(asc(memberships.createdAt));
  if (!movers.length) return { scheduled: 0 };

  await deps.db.batch([
    deps.db.update(memberships).set({ pendingPriceId: target.id, pendingPriceAt: input.effectiveAt, updatedAt: now }).where(where),
    auditEntry(deps.db, {
      communityId: tier.communityId,
      actor,
      action: "tier.price_migration_scheduled",
      subject: tierId,
      reason: input.reason,
      detail: {
        interval: input.interval,
        toPriceId: target.id,
        newAmount: target.amount,
        currency: target.currency,
        effectiveAt: input.effectiveAt.toISOString(),
        memberships: movers.map((m) => ({ id: m.membership.id, fromPriceId: m.price.id, oldAmount: m.price.amount })),
      },
      at: now,
    }),
  ]);

  const community = await getCommunityById(deps.db, tier.communityId);
  const when = formatDate(input.effectiveAt);
  const per = input.interval === "month" ? "month" : "year";
  for (const { membership, price } of movers) {
    const oldAmount = formatMoney(price.amount, price.currency);
    const newAmount = formatMoney(target.amount, target.currency);
    await deps.mailer.send({
      to: membership.email,
      kind: "price_migration",
      subject: `Your ${community.name} membership price changes on ${when}`,
      text:
        `Hi,\n\nYour ${tier.name} membership of ${community.name} costs ${oldAmount} a ${per}. From ${when}, it will cost ${newAmount} a ${per}, ` +
        `charged from your first renewal on or after that date. Nothing changes before then, and you do not need to do anything.\n\n` +
        `If you would rather not continue at the new price, you can cancel before ${when} from your membership page:\n` +
        `${deps.config.appUrl}/c/${community.slug}/home\n\n— ${community.name}, via Threshold`,
    });
  }
  return { scheduled: movers.length };
}

type Outcome = "moved" | "cancelled" | "retry";

/**
 * Applies every scheduled migration that is due: the Stripe subscription's item moves to the new
 * price (no proration), then the membership's `priceId` follows. Safe to run twice or to crash
 * half-way: the Stripe call carries an idempotency key and is skipped when the subscription is
 * already on the new price. Returns how many memberships moved. Run from the cron trigger.
 */
export async function applyDueMigrations(deps: Deps, limit = 50): Promise<number> {
  const now = deps.now();
  const due = await deps.db
    .select({ membership: memberships, to: tierPrices })
    .from(memberships)
    .innerJoin(tierPrices, eq(tierPrices.id, memberships.pendingPriceId))
    .where(lte(memberships.pendingPriceAt, now))
    .orderBy(asc(memberships.pendingPriceAt))
    .limit(limit);
  let moved = 0;
  for (const { membership, to } of due) {
    try {
      if ((await applyOne(deps, membership, to)) === "moved") moved += 1;
    } catch (err) {
      // Transient (network, Stripe 5xx, D1): the migration stays pending and the next run retries.
      console.error("price migration failed; will retry", membership.id, err);
    }
  }
  return moved;
}

async function applyOne(deps: Deps, m: Membership, to: TierPrice): Promise<Outcome> {
  const live = (SEAT_HOLDING_STATUSES as readonly string[]).includes(m.status);
  if (!live || !m.stripeSubscriptionId) return cancel(deps, m, to, "the membership has ended");
  // Stripe refuses inactive prices on subscriptions; the owner changed the price again, so the
  // members were told an amount that is no longer offered. They must be told again.
  if (!to.active) return cancel(deps, m, to, "the price was replaced before the migration took effect; schedule it again");
  try {
    const sub = await deps.stripe.subscriptions.retrieve(m.stripeSubscriptionId);
    if (sub.status === "canceled" || sub.status === "incomplete_expired") return cancel(deps, m, to, "the subscription has ended");
    const from = m.priceId ? await deps.db.query.tierPrices.findFirst({ where: eq(tierPrices.id, m.priceId) }) : undefined;
    const item = sub.items.data.find((it) => it.price.id === from?.stripePriceId) ?? sub.items.data[0];
    if (!item) return cancel(deps, m, to, "the subscription has no items");
    if (item.price.id !== to.stripePriceId) {
      await deps.stripe.subscriptions.update(
        sub.id,
        { items: [{ id: item.id, price: to.stripePriceId }], proration_behavior: "none" },
        { idempotencyKey: `threshold:price-migration:${m.id}:${to.id}` },
      );
    }
  } catch (err) {
    if (isStripeInvalidRequest(err)) return cancel(deps, m, to, `Stripe refused: ${(err as Error).message}`);
    throw err;
  }
  const now = deps.now();
  const [updated] = await deps.db.batch([
    deps.db
      .update(memberships)
      .set({ priceId: to.id, pendingPriceId: null, pendingPriceAt: null, updatedAt: now })
      .where(and(eq(memberships.id, m.id), eq(memberships.pendingPriceId, to.id)))
      .returning({ id: memberships.id }),
    auditEntry(deps.db, {
      communityId: m.communityId,
      actor: "system",
      action: "membership.price_migrated",
      subject: m.id,
      detail: { fromPriceId: m.priceId, toPriceId: to.id, newAmount: to.amount, currency: to.currency },
      at: now,
    }),
  ]);
  return updated.length ? "moved" : "retry";
}

async function cancel(deps: Deps, m: Membership, to: TierPrice, why: string): Promise<Outcome> {
  const now = deps.now();
  await deps.db.batch([
    deps.db
      .update(memberships)
      .set({ pendingPriceId: null, pendingPriceAt: null, updatedAt: now })
      .where(and(eq(memberships.id, m.id), eq(memberships.pendingPriceId, to.id))),
    auditEntry(deps.db, {
      communityId: m.communityId,
      actor: "system",
      action: "membership.price_migration_cancelled",
      subject: m.id,
      reason: why,
      detail: { toPriceId: to.id },
      at: now,
    }),
  ]);
  return "cancelled";
}
