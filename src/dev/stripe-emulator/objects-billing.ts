import { addInterval, planFromPrice, type Recurring } from "./objects";
import { newId, type Obj } from "./store";

/** Subscriptions, their items and invoices, Checkout and portal sessions (API 2026-10-28 shapes). */

export function subscriptionItemObj(now: number, subId: string, price: Obj, quantity: number, start: number, end: number): Obj {
  return {
    id: newId("si", 14),
    object: "subscription_item",
    created: now,
    current_period_end: end,
    current_period_start: start,
    discounts: [],
    metadata: {},
    plan: planFromPrice(price),
    price,
    quantity,
    subscription: subId,
    tax_rates: [],
  };
}

/** Moves the subscription (and each item, where the period lives since 2025) to a new period. */
export function setPeriod(sub: Obj, start: number, end: number): void {
  sub.current_period_start = start;
  sub.current_period_end = end;
  for (const item of sub.items.data) {
    item.current_period_start = start;
    item.current_period_end = end;
  }
  if (sub.cancel_at_period_end) sub.cancel_at = end;
}

export function recurringOf(price: Obj): Recurring {
  return price.recurring ?? { interval: "month", interval_count: 1 };
}

export function subscriptionObj(now: number, a: { customer: string; prices: Array<{ price: Obj; quantity: number }>; metadata: Record<string, string>; trialDays?: number; description?: string | null }): Obj {
  const id = newId("sub", 24);
  const trialEnd = a.trialDays ? now + a.trialDays * 86400 : null;
  const end = trialEnd ?? addInterval(now, recurringOf(a.prices[0].price));
  const items = a.prices.map((p) => subscriptionItemObj(now, id, p.price, p.quantity, now, end));
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: end === trialEnd ? trialEnd : now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: a.prices[0].price.currency,
    current_period_end: end,
    current_period_start: now,
    customer: a.customer,
    days_until_due: null,
    default_payment_method: newId("pm", 24),
    default_source: null,
    description: a.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: "self" } },
    items: { object: "list", data: items, has_more: false, total_count: items.length, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    metadata: a.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: trialEnd ? "trialing" : "active",
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: "create_invoice" } },
    trial_start: trialEnd ? now : null,
  };
}

export function subscriptionAmount(sub: Obj): number {
  return sub.items.data.reduce((sum: number, it: Obj) => sum + (it.price.unit_amount ?? 0) * (it.quantity ?? 1), 0);
}

/** An invoice for the subscription's current period; `paid` false leaves it open (a failed attempt). */
export function invoiceObj(now: number, sub: Obj, a: { billingReason: string; paid: boolean; amount?: number; customerEmail?: string | null }): Obj {
  const id = newId("in", 24);
  const amount = a.amount ?? subscriptionAmount(sub);
  const start = sub.current_period_start;
  const end = sub.current_period_end;
  const lines = sub.items.data.map((it: Obj) => ({
    id: newId("il", 24),
    object: "line_item",
    amount: a.amount === 0 ? 0 : (it.price.unit_amount ?? 0) * (it.quantity ?? 1),
    currency: sub.currency,
    description: `${it.quantity ?? 1} × ${it.price.nickname ?? it.price.product} (at ${it.price.unit_amount} / ${it.price.recurring?.interval ?? "month"})`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: id,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: sub.id, subscription_item: it.id },
    },
    period: { end, start },
    pretax_credit_amounts: [],
    pricing: { price_details: { price: it.price.id, product: it.price.product }, type: "price_details", unit_amount_decimal: it.price.unit_amount_decimal },
    quantity: it.quantity ?? 1,
    taxes: [],
  }));
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Threshold (test mode)",
    account_tax_ids: null,
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: a.paid ? amount : 0,
    amount_remaining: a.paid ? 0 : amount,
    amount_shipping: 0,
    application: null,
    attempt_count: 1,
    attempted: true,
    auto_advance: !a.paid,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: a.billingReason,
    collection_method: "charge_automatically",
    created: now,
    currency: sub.currency,
    custom_fields: null,
    customer: sub.customer,
    customer_address: null,
    customer_email: a.customerEmail ?? null,
    customer_name: null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: a.paid ? null : now + 3 * 86400,
    number: `${newId("", 8).slice(1).toUpperCase()}-0001`,
    on_behalf_of: null,
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: end,
    period_start: start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: a.paid ? "paid" : "open",
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: a.paid ? now : null, voided_at: null },
    subtotal: amount,
    subtotal_excluding_tax: amount,
    test_clock: null,
    total: amount,
    total_discount_amounts: [],
    total_excluding_tax: amount,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

/**
 * How a paid invoice was paid (API 2025-03-31+: invoices no longer carry `payment_intent` or
 * `charge`; `GET /v1/invoice_payments?invoice=` lists these instead).
 */
export function invoicePaymentObj(now: number, invoice: Obj, paymentIntentId: string): Obj {
  return {
    id: newId("inpay", 24),
    object: "invoice_payment",
    amount_paid: invoice.amount_paid,
    amount_requested: invoice.amount_due,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: paymentIntentId },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: now },
  };
}

/** Marks an open invoice paid now. */
export function markInvoicePaid(inv: Obj, now: number): void {
  inv.status = "paid";
  inv.amount_paid = inv.amount_due;
  inv.amount_remaining = 0;
  inv.attempt_count += 1;
  inv.next_payment_attempt = null;
  inv.auto_advance = false;
  inv.status_transitions.paid_at = now;
}

export function portalSessionObj(now: number, appUrl: string, customer: string, returnUrl: string | null): Obj {
  const id = newId("bps", 24);
  return {
    id,
    object: "billing_portal.session",
    configuration: "bpc_emulator_default",
    created: now,
    customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    metadata: {},
    on_behalf_of: null,
    return_url: returnUrl,
    url: `${appUrl}/dev/stripe/portal/${id}`,
  };
}
