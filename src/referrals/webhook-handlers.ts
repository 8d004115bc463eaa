import type Stripe from "stripe";
import type { HandlerMap } from "../billing/webhooks";
import type { Deps } from "../env";
import { subscriptionOfInvoice } from "../memberships/webhook-handlers";
import { rewardOnFirstPayment, takeBackOnRefund } from "./rewards";

/** Invoices and charges only say where to look again: the reward logic re-reads Stripe. */
async function onInvoicePaid(deps: Deps, event: Stripe.Event) {
  const id = subscriptionOfInvoice(event.data.object as Stripe.Invoice);
  if (id) await rewardOnFirstPayment(deps, id);
}

async function onChargeRefunded(deps: Deps, event: Stripe.Event) {
  await takeBackOnRefund(deps, (event.data.object as Stripe.Charge).id);
}

export const referralHandlers: HandlerMap = {
  "invoice.paid": onInvoicePaid,
  "invoice.payment_succeeded": onInvoicePaid,
  "charge.refunded": onChargeRefunded,
};
