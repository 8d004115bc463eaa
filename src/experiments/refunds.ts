import { and, eq, gt, like, or, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { experimentConversions, experiments, experimentVariants } from "../../drizzle";
import type { Deps } from "../env";
import { newId } from "../lib/ids";
import { auditEntry } from "../memberships/audit";
import { recordMoney } from "./attribution";

/**
 * The optional fairness policy "refund down to the lowest tested price": once a test has ended,
 * everyone who paid a higher tested price gets the difference back, once.
 *
 * Each conversion (`fee:<payment intent>` or `first-payment:<subscription>`) is settled by a
 * marker row in experiment_conversions with source `lowest-refund:<its source>`: the negative
 * revenue recorded through `recordMoney`, or a zero row when nothing was left to refund (the fee
 * was refunded in full already). A conversion with a marker is never looked at again; the Stripe
 * idempotency key per conversion, and the refund's metadata, make a retry after a failure between
 * the refund and the marker find the same refund instead of making a second one.
 */

const MARKER = "lowest-refund:";
const ACTOR = "auto";
/** Refunds per call; the cron trigger continues where a call stopped. */
const BATCH = 50;

export interface RefundToLowestOutcome {
  refunded: number;
  amount: number;
  failed: number;
}

/** Refunds every higher tested price down to the lowest one, for an ended experiment with the policy on. */
export async function refundToLowest(deps: Deps, experimentId: string): Promise<RefundToLowestOutcome> {
  const outcome: RefundToLowestOutcome = { refunded: 0, amount: 0, failed: 0 };
  const experiment = await deps.db.query.experiments.findFirst({ where: eq(experiments.id, experimentId) });
  if (!experiment || !experiment.refundToLowest || experiment.status !== "stopped") return outcome;
  const variants = await deps.db.query.experimentVariants.findMany({ where: eq(experimentVariants.experimentId, experimentId) });
  if (!variants.length) return outcome;
  const lowest = Math.min(...variants.map((v) => v.price));

  for (const conversion of await unsettledConversions(deps, experimentId, lowest)) {
    try {
      const refund = await refundDifference(deps, conversion, conversion.amount - lowest);
      const marker = { variantId: conversion.variantId, visitorId: conversion.visitorId, source: MARKER + conversion.source };
      if (!refund) {
        await deps.db.insert(experimentConversions).values({ id: newId("cnv"), experimentId, ...marker, amount: 0, createdAt: deps.now() }).onConflictDoNothing();
        continue;
      }
      if (!(await recordMoney(deps, { ...marker, amount: -refund.amount }))) continue;
      outcome.refunded++;
      outcome.amount += refund.amount;
      await auditEntry(deps.db, {
        communityId: experiment.communityId,
        actor: ACTOR,
        action: "experiment.refund_to_lowest",
        subject: experimentId,
        detail: { conversion: conversion.source, variantId: conversion.variantId, paid: conversion.amount, lowest, refunded: refund.amount, refundId: refund.id },
        at: deps.now(),
      });
    } catch (err) {
      // Left unsettled: the cron trigger tries again with the same idempotency key.
      outcome.failed++;
      console.error("refund to the lowest tested price failed", conversion.id, err instanceof Error ? err.message : err);
    }
  }
  return outcome;
}

/** Payments above the lowest price without a marker yet. */
async function unsettledConversions(deps: Deps, experimentId: string, lowest: number) {
  return deps.db
    .select()
    .from(experimentConversions)
    .where(
      and(
        eq(experimentConversions.experimentId, experimentId),
        gt(experimentConversions.amount, lowest),
        or(like(experimentConversions.source, "fee:%"), like(experimentConversions.source, "first-payment:%")),
        sql`not exists (select 1 from ${experimentConversions} m where m.source = ${MARKER} || ${experimentConversions.source})`,
      ),
    )
    .limit(BATCH);
}

type Conversion = typeof experimentConversions.$inferSelect;

/** The partial refund at Stripe, or null when the payment has nothing left to refund. */
async function refundDifference(deps: Deps, conversion: Conversion, difference: number): Promise<{ id: string; amount: number } | null> {
  const paymentIntent = await paymentIntentOf(deps, conversion.source);
  if (!paymentIntent) return null;
  const existing = await deps.stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 });
  const ours = existing.data.find((r) => r.metadata?.experiment_conversion_id === conversion.id);
  if (ours) return { id: ours.id, amount: ours.amount };
  const intent = await deps.stripe.paymentIntents.retrieve(paymentIntent, { expand: ["latest_charge"] });
  const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
  // Stripe counts a released, uncaptured remainder as refunded: what is left is amount − refunded.
  const refundable = charge?.captured ? charge.amount - charge.amount_refunded : 0;
  const amount = Math.min(difference, refundable);
  if (intent.status !== "succeeded" || amount <= 0) return null;
  const refund = await deps.stripe.refunds.create(
    {
      payment_intent: paymentIntent,
      amount,
      reason: "requested_by_customer",
      metadata: { experiment_id: conversion.experimentId, experiment_conversion_id: conversion.id, purpose: "refund_to_lowest_tested_price" },
    },
    { idempotencyKey: `threshold:experiment-lowest-refund:${conversion.id}` },
  );
  return { id: refund.id, amount: refund.amount };
}

/**
 * The PaymentIntent behind a conversion: the fee's own, or the one that paid the subscription's
 * first paid invoice (found through InvoicePayments, as src/members/billing.ts does).
 */
async function paymentIntentOf(deps: Deps, source: string): Promise<string | null> {
  if (source.startsWith("fee:")) return source.slice("fee:".length);
  const subscription = source.slice("first-payment:".length);
  const invoices = await deps.stripe.invoices.list({ subscription, limit: 10 });
  const first = invoices.data.filter((i) => i.status === "paid" && i.amount_paid > 0).sort((a, b) => a.created - b.created)[0];
  if (!first?.id) return null;
  const payments = await deps.stripe.invoicePayments.list({ invoice: first.id, status: "paid", limit: 10 });
  const paid = payments.data.find((p: Stripe.InvoicePayment) => p.payment.type === "payment_intent" && p.payment.payment_intent);
  const ref = paid?.payment.payment_intent;
  return ref ? (typeof ref === "string" ? ref : ref.id) : null;
}
