import type Stripe from "stripe";
import type { HandlerMap } from "../billing/webhooks";
import type { Deps } from "../env";
import { onMembershipCheckoutCompleted, onMembershipCheckoutExpired, syncSubscription } from "./sync";

async function onCheckoutCompleted(deps: Deps, event: Stripe.Event) {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.mode === "subscription") await onMembershipCheckoutCompleted(deps, session);
}

async function onCheckoutExpired(deps: Deps, event: Stripe.Event) {
  const session = event.data.object as Stripe.Checkout.Session;
  if (session.mode === "subscription") await onMembershipCheckoutExpired(deps, session);
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
  const id = subscriptionOfInvoice(event.data.object as Stripe.Invoice);
  if (id) await syncSubscription(deps, id);
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
};
