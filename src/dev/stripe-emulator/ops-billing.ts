import { badState, invalidParam } from "./errors";
import { addInterval, chargeObj, paymentIntentObj, planFromPrice } from "./objects";
import { invoiceObj, invoicePaymentObj, markInvoicePaid, recurringOf, setPeriod, subscriptionItemObj } from "./objects-billing";
import { finalizeInvoiceAmounts } from "./ops-discounts";
import { newId, type Obj, publicView, type Tx } from "./store";

/** Subscription changes (API and portal) and the dev controls that move billing along. */

export interface SubscriptionUpdate {
  cancelAtPeriodEnd?: boolean;
  items?: Array<{ id?: string; price?: string; quantity?: number; param: string }>;
  metadata?: (current: Record<string, string>) => Record<string, string>;
  prorationBehavior?: string;
  description?: string | null;
  discounts?: (sub: Obj) => Promise<void>;
}

const clone = (o: Obj) => structuredClone(o);

function assertNotCanceled(sub: Obj, what: string): void {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    throw badState(`A canceled subscription can only update its cancellation_details and metadata; cannot ${what}.`, "subscription_canceled");
  }
}

export async function updateSubscription(tx: Tx, sub: Obj, u: SubscriptionUpdate): Promise<Obj> {
  const before = clone(sub);
  if (u.metadata) sub.metadata = u.metadata(sub.metadata);
  if (u.description !== undefined) sub.description = u.description;
  if (u.discounts) {
    assertNotCanceled(sub, "change discounts");
    await u.discounts(sub);
  }
  if (u.cancelAtPeriodEnd !== undefined) {
    assertNotCanceled(sub, "change cancel_at_period_end");
    sub.cancel_at_period_end = u.cancelAtPeriodEnd;
    sub.cancel_at = u.cancelAtPeriodEnd ? sub.current_period_end : null;
    sub.canceled_at = u.cancelAtPeriodEnd ? tx.now : null;
    sub.cancellation_details = { comment: null, feedback: null, reason: u.cancelAtPeriodEnd ? "cancellation_requested" : null };
  }
  for (const change of u.items ?? []) {
    assertNotCanceled(sub, "change items");
    const item = change.id ? sub.items.data.find((it: Obj) => it.id === change.id) : undefined;
    if (change.id && !item) throw invalidParam(`No such subscription item: '${change.id}'`, `${change.param}[id]`, "resource_missing");
    let price: Obj | undefined;
    if (change.price) {
      price = await tx.must(change.price, "price", `${change.param}[price]`);
      if (!price.active) throw invalidParam("The price specified is inactive. This field only accepts active prices.", `${change.param}[price]`);
      if (price.type !== "recurring") throw invalidParam("The price specified is not recurring.", `${change.param}[price]`);
      if (price.currency !== sub.currency) throw invalidParam("The price's currency must match the subscription's currency.", `${change.param}[price]`);
    }
    if (item) {
      if (price) {
        item.price = publicView(price);
        item.plan = planFromPrice(price);
      }
      if (change.quantity !== undefined) item.quantity = change.quantity;
    } else {
      if (!price) throw invalidParam("Missing required param: price.", `${change.param}[price]`, "parameter_missing");
      const added = subscriptionItemObj(tx.now, sub.id, publicView(price), change.quantity ?? 1, sub.current_period_start, sub.current_period_end);
      sub.items.data.push(added);
      sub.items.total_count = sub.items.data.length;
    }
  }
  tx.put(sub);
  if (JSON.stringify(publicView(before)) !== JSON.stringify(publicView(sub))) tx.emit("customer.subscription.updated", sub, before);
  return sub;
}

export function cancelSubscriptionNow(tx: Tx, sub: Obj): Obj {
  if (sub.status === "canceled") throw badState(`Subscription ${sub.id} is already canceled.`, "subscription_canceled");
  sub.status = "canceled";
  sub.canceled_at = sub.canceled_at ?? tx.now;
  sub.ended_at = tx.now;
  sub.cancel_at = null;
  sub.cancellation_details = { comment: null, feedback: null, reason: "cancellation_requested" };
  tx.put(sub);
  tx.emit("customer.subscription.deleted", sub);
  return sub;
}

async function customerEmail(tx: Tx, sub: Obj): Promise<string | null> {
  const customer = await tx.get(sub.customer);
  return customer?.email ?? null;
}

/**
 * The period ends: a subscription set to cancel at period end ends; otherwise it moves to the
 * next period with a new invoice, paid (active) or failed (past_due).
 */
export async function renewSubscription(tx: Tx, sub: Obj, paid: boolean): Promise<{ subscription: Obj; invoice: Obj | null }> {
  assertNotCanceled(sub, "renew");
  if (sub.cancel_at_period_end) {
    sub.status = "canceled";
    sub.ended_at = sub.current_period_end;
    sub.canceled_at = sub.canceled_at ?? tx.now;
    tx.put(sub);
    tx.emit("customer.subscription.deleted", sub);
    return { subscription: sub, invoice: null };
  }
  const before = clone(sub);
  const start = sub.current_period_end;
  setPeriod(sub, start, addInterval(start, recurringOf(sub.items.data[0].price)));
  const invoice = invoiceObj(tx.now, sub, { billingReason: "subscription_cycle", paid, customerEmail: await customerEmail(tx, sub) });
  await finalizeInvoiceAmounts(tx, invoice, sub);
  sub.latest_invoice = invoice.id;
  sub.status = paid ? "active" : "past_due";
  tx.put(invoice);
  tx.put(sub);
  tx.emit(paid ? "invoice.paid" : "invoice.payment_failed", invoice);
  tx.emit("customer.subscription.updated", sub, before);
  return { subscription: sub, invoice };
}

/** Dev control: the renewal payment fails (or fails again): invoice.payment_failed, past_due. */
export async function failSubscriptionPayment(tx: Tx, sub: Obj): Promise<{ subscription: Obj; invoice: Obj | null }> {
  const latest = sub.latest_invoice ? await tx.get(sub.latest_invoice) : null;
  if (!latest || latest.status !== "open") return renewSubscription(tx, sub, false);
  assertNotCanceled(sub, "fail a payment");
  const before = clone(sub);
  latest.attempt_count += 1;
  latest.next_payment_attempt = tx.now + 3 * 86400;
  sub.status = "past_due";
  tx.put(latest);
  tx.put(sub);
  tx.emit("invoice.payment_failed", latest);
  if (before.status !== sub.status) tx.emit("customer.subscription.updated", sub, before);
  return { subscription: sub, invoice: latest };
}

/** Dev control: the open invoice gets paid (or, with none open, the next period is paid). */
export async function paySubscription(tx: Tx, sub: Obj): Promise<{ subscription: Obj; invoice: Obj | null }> {
  const latest = sub.latest_invoice ? await tx.get(sub.latest_invoice) : null;
  if (!latest || latest.status !== "open") return renewSubscription(tx, sub, true);
  assertNotCanceled(sub, "pay");
  const before = clone(sub);
  markInvoicePaid(latest, tx.now);
  sub.status = "active";
  tx.put(latest);
  tx.put(sub);
  tx.emit("invoice.paid", latest);
  tx.emit("customer.subscription.updated", sub, before);
  return { subscription: sub, invoice: latest };
}

/**
 * The payments of an invoice. A paid invoice with money due is paid by a succeeded PaymentIntent
 * with a captured charge (refundable through `POST /v1/refunds`), linked by an InvoicePayment.
 * They are made on first read, so every paid invoice has them (Checkout's first one too) without
 * queuing extra events; `_payments` remembers them on the invoice.
 */
export async function invoicePaymentsOf(tx: Tx, invoice: Obj): Promise<Obj[]> {
  if (invoice._payments) return Promise.all((invoice._payments as string[]).map((id) => tx.must(id, "invoice_payment")));
  if (invoice.status !== "paid" || !invoice.amount_paid) return [];
  const at: number = invoice.status_transitions?.paid_at ?? invoice.created;
  const pi = paymentIntentObj(at, {
    amount: invoice.amount_paid,
    currency: invoice.currency,
    customer: invoice.customer,
    captureMethod: "automatic",
    description: invoice.billing_reason === "subscription_create" ? "Subscription creation" : "Subscription update",
    receiptEmail: invoice.customer_email,
  });
  pi.payment_method = newId("pm", 24);
  const charge = chargeObj(at, pi, true, invoice.customer_email);
  pi.latest_charge = charge.id;
  pi.status = "succeeded";
  pi.amount_received = pi.amount;
  const payment = invoicePaymentObj(at, invoice, pi.id);
  invoice._payments = [payment.id];
  tx.put(pi);
  tx.put(charge);
  tx.put(payment);
  tx.put(invoice);
  return [payment];
}
