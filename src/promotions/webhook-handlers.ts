import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { promotionCodes, promotionRedemptions, type PromotionRedemption } from "../../drizzle";
import type { HandlerMap } from "../billing/webhooks";
import type { Deps } from "../env";
import { subscriptionOfInvoice } from "../memberships/webhook-handlers";
import { membershipOfSubscription } from "../referrals/rewards";

/**
 * A code's revenue is what was charged with it, counted once per redemption: the first statement
 * adds to the code only while the redemption is still unpaid, the second marks it paid, in one batch.
 */
async function countPayment(deps: Deps, redemption: PromotionRedemption | undefined, amount: number) {
  if (!redemption || redemption.paidAmount != null) return;
  const unpaid = sql`exists (select 1 from ${promotionRedemptions} where ${promotionRedemptions.id} = ${redemption.id} and ${promotionRedemptions.paidAmount} is null)`;
  await deps.db.batch([
    deps.db.update(promotionCodes).set({ revenue: sql`${promotionCodes.revenue} + ${amount}` }).where(and(eq(promotionCodes.id, redemption.codeId), unpaid)),
    deps.db.update(promotionRedemptions).set({ paidAmount: amount }).where(and(eq(promotionRedemptions.id, redemption.id), isNull(promotionRedemptions.paidAmount))),
  ]);
}

/** An application fee charged (at once, or captured on approval): its PaymentIntent names the application. */
async function onPaymentSucceeded(deps: Deps, event: Stripe.Event) {
  // The application id never changes, so the event's copy says where to look; the amount is re-read.
  const applicationId = (event.data.object as Stripe.PaymentIntent).metadata?.application_id;
  const redemption = applicationId ? await deps.db.query.promotionRedemptions.findFirst({ where: eq(promotionRedemptions.applicationId, applicationId) }) : undefined;
  if (!redemption || redemption.paidAmount != null) return;
  const intent = await deps.stripe.paymentIntents.retrieve((event.data.object as Stripe.PaymentIntent).id);
  if (intent.status === "succeeded" && intent.metadata?.application_id === applicationId) await countPayment(deps, redemption, intent.amount_received);
}

/** A tier code's membership paid its first invoice. */
async function onInvoicePaid(deps: Deps, event: Stripe.Event) {
  const subscriptionId = subscriptionOfInvoice(event.data.object as Stripe.Invoice);
  if (!subscriptionId) return;
  const membership = await membershipOfSubscription(deps, subscriptionId);
  const redemption = membership ? await deps.db.query.promotionRedemptions.findFirst({ where: eq(promotionRedemptions.membershipId, membership.id) }) : undefined;
  if (!redemption || redemption.paidAmount != null) return;
  const invoices = await deps.stripe.invoices.list({ subscription: subscriptionId, limit: 20 });
  const first = invoices.data.filter((i) => i.status === "paid").sort((a, b) => a.created - b.created)[0];
  if (first) await countPayment(deps, redemption, first.amount_paid);
}

/** A refunded application fee takes its revenue back from the code, once. */
async function onChargeRefunded(deps: Deps, event: Stripe.Event) {
  const charge = await deps.stripe.charges.retrieve((event.data.object as Stripe.Charge).id);
  const intentId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!intentId || charge.amount_refunded < charge.amount) return;
  const intent = await deps.stripe.paymentIntents.retrieve(intentId);
  const applicationId = intent.metadata?.application_id;
  const redemption = applicationId ? await deps.db.query.promotionRedemptions.findFirst({ where: eq(promotionRedemptions.applicationId, applicationId) }) : undefined;
  if (!redemption?.paidAmount) return;
  const paid = sql`exists (select 1 from ${promotionRedemptions} where ${promotionRedemptions.id} = ${redemption.id} and ${promotionRedemptions.paidAmount} > 0)`;
  await deps.db.batch([
    deps.db.update(promotionCodes).set({ revenue: sql`${promotionCodes.revenue} - ${redemption.paidAmount}` }).where(and(eq(promotionCodes.id, redemption.codeId), paid)),
    deps.db.update(promotionRedemptions).set({ paidAmount: 0 }).where(and(eq(promotionRedemptions.id, redemption.id), gt(promotionRedemptions.paidAmount, 0))),
  ]);
}

export const promotionHandlers: HandlerMap = {
  "payment_intent.succeeded": onPaymentSucceeded,
  "invoice.paid": onInvoicePaid,
  "charge.refunded": onChargeRefunded,
};
