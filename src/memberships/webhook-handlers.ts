import type Stripe from "stripe";
import type { HandlerMap } from "../billing/webhooks";
import { currentSessionOf } from "../billing/event-objects";
import type { Deps } from "../env";
import { recordMoney } from "../experiments/attribution";
import { recordPaidInvoice, recordRefund } from "../insights/invoices";
import { onMembershipCheckoutCompleted, onMembershipCheckoutExpired, syncSubscription } from "./sync";

/** Both act on the session as Stripe holds it now, never on the event's copy. */
async function onCheckoutCompleted(deps: Deps, event: Stripe.Event) {
  const session = await currentSessionOf(deps, event);
  if (session.mode === "subscription" && session.status === "complete") await onMembershipCheckoutCompleted(deps, session);
}

async function onCheckoutExpired(deps: Deps, event: Stripe.Event) {
  const session = await currentSessionOf(deps, event);
  if (session.mode === "subscription" && session.status === "expired") await onMembershipCheckoutExpired(deps, session);
}

async function onSubscriptionChanged(deps: Deps, event: Stripe.Event) {
  await syncSubscription(deps, (event.data.object as Stripe.Subscription).id);
}

/** Invoices only tell us which subscription to look at again. */
export function subscriptionOfInvoice(invoice: Stripe.Invoice): string | null {
  const fromParent = invoice.parent?.subscription_details?.subscription;
  const legacy = (invoice as unknown as { subscription?: string | { id: string } | null }).subscription;
  const ref = fromParent ?? legacy ?? null;
  return typeof ref === "string" ? ref : (ref?.id ?? null);
}

async function onInvoiceChanged(deps: Deps, event: Stripe.Event) {
  const invoice = event.data.object as Stripe.Invoice;
  const id = subscriptionOfInvoice(invoice);
  if (!id) return;
  const membership = await syncSubscription(deps, id);
  if (membership && event.type !== "invoice.payment_failed") await recordPaidInvoice(deps, membership, invoice.id!);
  if (membership?.experimentVariantId) await attributeFirstPayment(deps, membership.experimentVariantId, membership.visitorId, id);
}

/** A refunded charge may be a subscription payment: Insights subtracts it from revenue. */
async function onChargeRefunded(deps: Deps, event: Stripe.Event) {
  await recordRefund(deps, event.data.object as Stripe.Charge);
}

/**
 * A tier price experiment converts on the subscription's first real payment (after any trial),
 * read from Stripe rather than from the event. Keyed by subscription: only the first counts.
 */
async function attributeFirstPayment(deps: Deps, variantId: string, visitorId: string | null, subscriptionId: string) {
  const invoices = await deps.stripe.invoices.list({ subscription: subscriptionId, limit: 10 });
  const first = invoices.data.filter((i) => i.status === "paid" && i.amount_paid > 0).sort((a, b) => a.created - b.created)[0];
  if (first) await recordMoney(deps, { variantId, visitorId, source: `first-payment:${subscriptionId}`, amount: first.amount_paid });
}

export const membershipHandlers: HandlerMap = {
  "checkout.session.completed": onCheckoutCompleted,
  "checkout.session.expired": onCheckoutExpired,
  "customer.subscription.created": onSubscriptionChanged,
  "customer.subscription.updated": onSubscriptionChanged,
  "customer.subscription.deleted": onSubscriptionChanged,
  "customer.subscription.paused": onSubscriptionChanged,
  "customer.subscription.resumed": onSubscriptionChanged,
  "invoice.paid": onInvoiceChanged,
  "invoice.payment_failed": onInvoiceChanged,
  "invoice.payment_succeeded": onInvoiceChanged,
  "charge.refunded": onChargeRefunded,
};
