import type Stripe from "stripe";
import type { Membership } from "../../drizzle";
import type { Deps } from "../env";
import { paidIntentOfInvoice } from "../billing/invoice-payments";
import { auditEntry } from "../memberships/audit";
import { errorMessage } from "./guards";
import { isStripeInvalidRequest } from "../platform/stripe-call";

export interface ActionOutcome {
  /** False when the call found the change already made (a repeat, or a concurrent twin that won). */
  changed: boolean;
  billing?: BillingOutcome;
}

/** What happened at Stripe after a membership ended or was comped. */
export interface BillingOutcome {
  subscriptionId: string | null;
  /** "now": this call cancelled it; "already": it had ended; "none": there is no subscription. */
  canceled: "now" | "already" | "none";
  refund: { id: string; amount: number; currency: string; created: boolean } | null;
  /** Set when Stripe failed; the membership change stands and a retry of the action finishes the job. */
  error: string | null;
}

const ENDED = new Set<Stripe.Subscription.Status>(["canceled", "incomplete_expired"]);

/**
 * Cancels the membership's subscription at once and, if asked, refunds the payment of its current
 * period, exactly once: the refund carries the membership id, an existing one is found before a new
 * one is made, and the idempotency key covers retries in flight. Never throws: a Stripe failure is
 * logged and written to the audit log, since the database change it follows must stand.
 */
export async function settleBilling(
  deps: Deps,
  m: Membership,
  opts: { refund: boolean; purpose: "remove" | "comp"; actor: string },
): Promise<BillingOutcome> {
  const outcome: BillingOutcome = { subscriptionId: m.stripeSubscriptionId, canceled: "none", refund: null, error: null };
  if (!m.stripeSubscriptionId) {
    if (opts.purpose === "remove") await expireOpenCheckout(deps, m);
    return outcome;
  }
  try {
    const sub = await cancelAtOnce(deps, m, m.stripeSubscriptionId, opts.purpose);
    outcome.canceled = sub.canceledNow ? "now" : "already";
    if (opts.refund) outcome.refund = await refundCurrentPeriod(deps, m, sub.subscription);
  } catch (err) {
    outcome.error = errorMessage(err);
    console.error("member billing failed", m.id, outcome.error);
  }
  if (outcome.canceled === "now" || outcome.refund?.created || outcome.error) await recordBilling(deps, m, opts.actor, outcome);
  return outcome;
}

async function cancelAtOnce(deps: Deps, m: Membership, subscriptionId: string, purpose: string) {
  const current = await deps.stripe.subscriptions.retrieve(subscriptionId);
  if (ENDED.has(current.status)) return { subscription: current, canceledNow: false };
  try {
    const canceled = await deps.stripe.subscriptions.cancel(subscriptionId, {}, { idempotencyKey: `threshold:member-${purpose}-cancel:${m.id}:${subscriptionId}` });
    return { subscription: canceled, canceledNow: true };
  } catch (err) {
    // Someone else (the webhook sync, the member in the portal) ended it in the meantime: fine.
    if (!isStripeInvalidRequest(err)) throw err;
    const again = await deps.stripe.subscriptions.retrieve(subscriptionId);
    if (!ENDED.has(again.status)) throw err;
    return { subscription: again, canceledNow: false };
  }
}

/**
 * Refunds the payment of the subscription's latest invoice, which pays for the current period.
 */
async function refundCurrentPeriod(deps: Deps, m: Membership, sub: Stripe.Subscription): Promise<BillingOutcome["refund"]> {
  const invoiceId = typeof sub.latest_invoice === "string" ? sub.latest_invoice : (sub.latest_invoice?.id ?? null);
  if (!invoiceId) return null;
  const paymentIntent = await paidIntentOfInvoice(deps, invoiceId);
  if (!paymentIntent) return null; // a trial or a zero invoice: nothing was paid
  const existing = await deps.stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 });
  const ours = existing.data.find((r) => r.metadata?.membership_id === m.id);
  if (ours) return { id: ours.id, amount: ours.amount, currency: ours.currency, created: false };
  const refund = await deps.stripe.refunds.create(
    { payment_intent: paymentIntent, reason: "requested_by_customer", metadata: { membership_id: m.id, community_id: m.communityId } },
    { idempotencyKey: `threshold:member-refund:${m.id}` },
  );
  return { id: refund.id, amount: refund.amount, currency: refund.currency, created: true };
}

/** A removed person still in Checkout must not be able to pay for a seat they no longer have. */
async function expireOpenCheckout(deps: Deps, m: Membership): Promise<void> {
  if (m.status !== "incomplete" || !m.checkoutSessionId) return;
  try {
    const session = await deps.stripe.checkout.sessions.retrieve(m.checkoutSessionId);
    if (session.status === "open") await deps.stripe.checkout.sessions.expire(session.id);
  } catch (err) {
    // If they pay anyway, the subscription sync cancels the subscription of a removed membership.
    console.error("could not expire the checkout of a removed membership", m.id, errorMessage(err));
  }
}

async function recordBilling(deps: Deps, m: Membership, actor: string, outcome: BillingOutcome): Promise<void> {
  await auditEntry(deps.db, {
    communityId: m.communityId,
    actor,
    action: outcome.error ? "member.billing_failed" : "member.billing",
    subject: m.email,
    detail: {
      membershipId: m.id,
      subscriptionId: outcome.subscriptionId,
      subscriptionCanceled: outcome.canceled !== "none",
      ...(outcome.refund ? { refundId: outcome.refund.id, refundAmount: outcome.refund.amount, currency: outcome.refund.currency } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    },
    at: deps.now(),
  }).catch((err) => console.error("could not record member billing", m.id, errorMessage(err)));
}
