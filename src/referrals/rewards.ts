import { and, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { applications, LIVE_MEMBERSHIP_STATUSES, memberships, referrals, referrerTotals, stripeCustomers, tierPrices, type Referral, type ReferralProgram } from "../../drizzle";
import type { Deps } from "../env";
import { pointStatements, revokePointStatements } from "../honours/points";
import type { BatchItem, Db } from "../lib/db";
import { programOf } from "./program";

const DAY_MS = 86_400_000;

/**
 * The honours ledger's statements for a referral's points, for the reward's own batch: granted
 * with a positive amount (one award per referral, so a replay adds nothing), taken back with a
 * negative one.
 */
export function referralPointStatements(db: Db, input: { communityId: string; email: string; points: number; referralId: string; at: Date }): BatchItem[] {
  const source = { communityId: input.communityId, sourceKind: "referral", sourceId: input.referralId };
  if (input.points < 0) return revokePointStatements(db, source);
  if (input.points === 0) return [];
  return pointStatements(db, { ...source, email: input.email, points: input.points, reason: "referral", at: input.at });
}

/** The paid first invoice of a subscription (after any free trial), read from Stripe. */
async function firstPaidInvoice(deps: Deps, subscriptionId: string): Promise<Stripe.Invoice | undefined> {
  const invoices = await deps.stripe.invoices.list({ subscription: subscriptionId, limit: 20 });
  return invoices.data.filter((i) => i.status === "paid" && i.amount_paid > 0).sort((a, b) => a.created - b.created)[0];
}

async function paymentIntentOf(deps: Deps, invoice: Stripe.Invoice): Promise<Stripe.PaymentIntent | null> {
  const payments = await deps.stripe.invoicePayments.list({ invoice: invoice.id, limit: 10 });
  const ref = payments.data.find((p) => p.status === "paid")?.payment.payment_intent;
  if (!ref) return null;
  return deps.stripe.paymentIntents.retrieve(typeof ref === "string" ? ref : ref.id, { expand: ["latest_charge"] });
}

const fullyRefunded = (pi: Stripe.PaymentIntent) => {
  const charge = typeof pi.latest_charge === "object" ? pi.latest_charge : null;
  return !!charge && charge.amount_refunded >= charge.amount;
};

/**
 * A membership invoice was paid: if its member came through a referral, was approved and has now
 * paid their first real invoice, the referrer's reward is claimed (one conditional update, so
 * duplicated or reordered events claim it once) and then given at Stripe with a key derived from
 * the referral. Everything is re-read from Stripe; a first payment already refunded voids it.
 */
export async function rewardOnFirstPayment(deps: Deps, subscriptionId: string): Promise<void> {
  const membership = await membershipOfSubscription(deps, subscriptionId);
  if (!membership?.applicationId) return;
  const membershipId = membership.id;
  const referral = await deps.db.query.referrals.findFirst({ where: eq(referrals.applicationId, membership.applicationId) });
  if (!referral || (referral.status !== "applied" && referral.status !== "rewarding")) return;
  if (referral.status === "rewarding") return performReward(deps, referral);

  const app = await deps.db.query.applications.findFirst({ where: eq(applications.id, membership.applicationId) });
  if (app?.status !== "approved") return;
  const invoice = await firstPaidInvoice(deps, subscriptionId);
  if (!invoice) return; // still in a free trial
  const intent = await paymentIntentOf(deps, invoice);
  if (!intent) return;
  const now = deps.now();
  if (fullyRefunded(intent)) {
    await setVoid(deps, referral, "The first payment was refunded before the reward");
    return;
  }
  const program = await programOf(deps.db, referral.communityId);
  const reward = program?.active ? await rewardFor(deps, program, referral) : null;
  if (!reward) {
    await setVoid(deps, referral, program?.active ? "The referrer is no longer a paying member" : "No referral offer was active");
    return;
  }
  const paidAt = new Date((invoice.status_transitions?.paid_at ?? invoice.created) * 1000);
  const claimed = await deps.db
    .update(referrals)
    .set({
      status: "rewarding",
      membershipId,
      firstInvoiceId: invoice.id,
      firstPaymentIntentId: intent.id,
      firstPaymentAmount: invoice.amount_paid,
      rewardKind: program!.rewardKind,
      rewardAmount: reward.amount,
      windowEndsAt: new Date(paidAt.getTime() + program!.refundWindowDays * DAY_MS),
      updatedAt: now,
    })
    .where(and(eq(referrals.id, referral.id), eq(referrals.status, "applied")))
    .returning();
  if (claimed[0]) await performReward(deps, claimed[0]);
}

/** The membership a subscription pays for: ours by its id, else (an event before the sync) by Stripe's metadata. */
export async function membershipOfSubscription(deps: Deps, subscriptionId: string) {
  const known = await deps.db.query.memberships.findFirst({ where: eq(memberships.stripeSubscriptionId, subscriptionId) });
  if (known) return known;
  const id = (await deps.stripe.subscriptions.retrieve(subscriptionId)).metadata?.membership_id;
  return id ? deps.db.query.memberships.findFirst({ where: eq(memberships.id, id) }) : undefined;
}

interface RewardPlan {
  amount: number;
}

/**
 * A month's credit is a month of the referrer's own price (a yearly price divided by twelve); a
 * coupon is the offer's percentage; points the offer's count. A referrer without a live paid
 * membership gets no Stripe reward.
 */
async function rewardFor(deps: Deps, program: ReferralProgram, referral: Referral): Promise<RewardPlan | null> {
  if (program.rewardKind === "points") return { amount: program.rewardValue };
  const [row] = await deps.db
    .select({ amount: tierPrices.amount, interval: tierPrices.interval, subscription: memberships.stripeSubscriptionId })
    .from(memberships)
    .innerJoin(tierPrices, eq(tierPrices.id, memberships.priceId))
    .where(and(eq(memberships.communityId, referral.communityId), eq(memberships.email, referral.referrerEmail), inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES])))
    .limit(1);
  if (!row?.subscription) return null;
  if (program.rewardKind === "coupon") return { amount: program.rewardValue };
  return { amount: row.interval === "year" ? Math.round(row.amount / 12) : row.amount };
}

async function referrerSubscription(db: Db, referral: Referral) {
  const [row] = await db
    .select({ subscription: memberships.stripeSubscriptionId, currency: tierPrices.currency, amount: tierPrices.amount })
    .from(memberships)
    .innerJoin(tierPrices, eq(tierPrices.id, memberships.priceId))
    .where(and(eq(memberships.communityId, referral.communityId), eq(memberships.email, referral.referrerEmail), inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES])))
    .limit(1);
  return row;
}

async function referrerCustomer(db: Db, email: string): Promise<string | null> {
  const row = await db.query.stripeCustomers.findFirst({ where: eq(stripeCustomers.email, email) });
  return row?.stripeCustomerId ?? null;
}

/** What a reward costs the community, for the owner's totals (a coupon at the referrer's current price). */
async function rewardCost(db: Db, referral: Referral): Promise<number> {
  if (referral.rewardKind === "credit") return referral.rewardAmount ?? 0;
  if (referral.rewardKind !== "coupon") return 0;
  const sub = await referrerSubscription(db, referral);
  return sub ? Math.round((sub.amount * (referral.rewardAmount ?? 0)) / 100) : 0;
}

/** Gives a claimed reward at Stripe (idempotent by referral), then records it with the referrer's totals in one batch. */
async function performReward(deps: Deps, referral: Referral): Promise<void> {
  const program = await programOf(deps.db, referral.communityId);
  const now = deps.now();
  let stripeId: string | null = null;
  const key = `threshold:referral-reward:${referral.id}`;
  if (referral.rewardKind === "credit") {
    const customer = await referrerCustomer(deps.db, referral.referrerEmail);
    const sub = await referrerSubscription(deps.db, referral);
    if (!customer || !sub) return setVoid(deps, referral, "The referrer is no longer a paying member");
    const txn = await deps.stripe.customers.createBalanceTransaction(
      customer,
      { amount: -(referral.rewardAmount ?? 0), currency: sub.currency, description: "Referral reward: a month's credit", metadata: { referral_id: referral.id } },
      { idempotencyKey: key },
    );
    stripeId = txn.id;
  } else if (referral.rewardKind === "coupon") {
    const sub = await referrerSubscription(deps.db, referral);
    if (!sub?.subscription || !program?.rewardCouponId) return setVoid(deps, referral, "The referrer is no longer a paying member");
    await deps.stripe.subscriptions.update(sub.subscription, { discounts: [{ coupon: program.rewardCouponId }] }, { idempotencyKey: key });
    stripeId = sub.subscription;
  }
  const cost = await rewardCost(deps.db, referral);
  const stillClaimed = sql`exists (select 1 from ${referrals} where ${referrals.id} = ${referral.id} and ${referrals.status} = 'rewarding')`;
  await deps.db.batch([
    deps.db
      .update(referrerTotals)
      .set({ joined: sql`${referrerTotals.joined} + 1`, creditTotal: sql`${referrerTotals.creditTotal} + ${cost}`, revenue: sql`${referrerTotals.revenue} + ${referral.firstPaymentAmount ?? 0}` })
      .where(and(eq(referrerTotals.communityId, referral.communityId), eq(referrerTotals.email, referral.referrerEmail), stillClaimed)),
    ...(referral.rewardKind === "points" ? referralPointStatements(deps.db, { communityId: referral.communityId, email: referral.referrerEmail, points: referral.rewardAmount ?? 0, referralId: referral.id, at: now }) : []),
    deps.db
      .update(referrals)
      .set({ status: "rewarded", rewardStripeId: stripeId, rewardedAt: now, updatedAt: now })
      .where(and(eq(referrals.id, referral.id), eq(referrals.status, "rewarding"))),
  ]);
}

async function setVoid(deps: Deps, referral: Referral, note: string): Promise<void> {
  await deps.db
    .update(referrals)
    .set({ status: "void", note, updatedAt: deps.now() })
    .where(and(eq(referrals.id, referral.id), inArray(referrals.status, ["applied", "rewarding"])));
}

/**
 * A charge was refunded: if it was a referred member's first payment, refunded in full within the
 * offer's window, the reward is taken back, once (the same claim-then-perform as the grant).
 */
export async function takeBackOnRefund(deps: Deps, chargeId: string): Promise<void> {
  const charge = await deps.stripe.charges.retrieve(chargeId);
  const intentId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!intentId || charge.amount_refunded < charge.amount) return;
  const referral = await deps.db.query.referrals.findFirst({ where: eq(referrals.firstPaymentIntentId, intentId) });
  if (!referral) return;
  if (referral.status === "reversing") return performReversal(deps, referral);
  if (referral.status === "rewarding") {
    // The grant was claimed but not yet done: finish it first, so the reversal has something to undo.
    await performReward(deps, referral);
  } else if (referral.status !== "rewarded") return;
  const refunds = await deps.stripe.refunds.list({ payment_intent: intentId, limit: 10 });
  const refundedAt = Math.min(...refunds.data.map((r) => r.created)) * 1000;
  if (!referral.windowEndsAt || refundedAt > referral.windowEndsAt.getTime()) return;
  const claimed = await deps.db
    .update(referrals)
    .set({ status: "reversing", updatedAt: deps.now() })
    .where(and(eq(referrals.id, referral.id), eq(referrals.status, "rewarded")))
    .returning();
  if (claimed[0]) await performReversal(deps, claimed[0]);
}

async function performReversal(deps: Deps, referral: Referral): Promise<void> {
  const now = deps.now();
  const key = `threshold:referral-reversal:${referral.id}`;
  let stripeId: string | null = null;
  const cost = await rewardCost(deps.db, referral);
  if (referral.rewardKind === "credit") {
    const customer = await referrerCustomer(deps.db, referral.referrerEmail);
    const sub = await referrerSubscription(deps.db, referral);
    if (customer) {
      const txn = await deps.stripe.customers.createBalanceTransaction(
        customer,
        { amount: referral.rewardAmount ?? 0, currency: sub?.currency ?? "usd", description: "Referral reward taken back: the referred payment was refunded", metadata: { referral_id: referral.id } },
        { idempotencyKey: key },
      );
      stripeId = txn.id;
    }
  } else if (referral.rewardKind === "coupon" && referral.rewardStripeId) {
    // Still unused: take the coupon off. Already spent on an invoice: charge its worth back through the balance.
    const sub = await deps.stripe.subscriptions.retrieve(referral.rewardStripeId);
    if (sub.discounts.length) stripeId = (await deps.stripe.subscriptions.update(sub.id, { discounts: "" }, { idempotencyKey: key })).id;
    else if (cost > 0) stripeId = (await deps.stripe.customers.createBalanceTransaction(sub.customer as string, { amount: cost, currency: sub.currency, description: "Referral reward taken back" }, { idempotencyKey: key })).id;
  }
  const stillClaimed = sql`exists (select 1 from ${referrals} where ${referrals.id} = ${referral.id} and ${referrals.status} = 'reversing')`;
  await deps.db.batch([
    deps.db
      .update(referrerTotals)
      .set({ joined: sql`${referrerTotals.joined} - 1`, creditTotal: sql`${referrerTotals.creditTotal} - ${cost}`, revenue: sql`${referrerTotals.revenue} - ${referral.firstPaymentAmount ?? 0}` })
      .where(and(eq(referrerTotals.communityId, referral.communityId), eq(referrerTotals.email, referral.referrerEmail), stillClaimed)),
    ...(referral.rewardKind === "points" ? referralPointStatements(deps.db, { communityId: referral.communityId, email: referral.referrerEmail, points: -(referral.rewardAmount ?? 0), referralId: referral.id, at: now }) : []),
    deps.db
      .update(referrals)
      .set({ status: "reversed", reversalStripeId: stripeId, reversedAt: now, updatedAt: now })
      .where(and(eq(referrals.id, referral.id), eq(referrals.status, "reversing"))),
  ]);
}
