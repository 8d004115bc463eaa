import { newId, type Obj } from "./store";

/** Factories for Stripe objects, with the field names and defaults of API 2026-10-28. */

const base = (object: string, id: string, created: number, metadata: Record<string, string> = {}) => ({
  id,
  object,
  created,
  livemode: false,
  metadata,
});

export function customerObj(now: number, a: { email?: string | null; name?: string | null; description?: string | null; phone?: string | null; metadata?: Record<string, string> }): Obj {
  return {
    ...base("customer", newId("cus", 14), now, a.metadata),
    address: null,
    balance: 0,
    currency: null,
    default_source: null,
    delinquent: false,
    description: a.description ?? null,
    discount: null,
    email: a.email ?? null,
    invoice_prefix: newId("", 8).slice(1).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    name: a.name ?? null,
    next_invoice_sequence: 1,
    phone: a.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function productObj(now: number, a: { id?: string; name: string; description?: string | null; active?: boolean; metadata?: Record<string, string> }): Obj {
  return {
    ...base("product", a.id ?? newId("prod", 14), now, a.metadata),
    active: a.active ?? true,
    default_price: null,
    description: a.description ?? null,
    images: [],
    marketing_features: [],
    name: a.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: null,
  };
}

export interface Recurring {
  interval: "day" | "week" | "month" | "year";
  interval_count: number;
}

export function priceObj(now: number, a: { product: string; currency: string; unit_amount: number; recurring?: Recurring | null; lookup_key?: string | null; nickname?: string | null; active?: boolean; metadata?: Record<string, string> }): Obj {
  return {
    ...base("price", newId("price", 24), now, a.metadata),
    active: a.active ?? true,
    billing_scheme: "per_unit",
    currency: a.currency,
    custom_unit_amount: null,
    lookup_key: a.lookup_key ?? null,
    nickname: a.nickname ?? null,
    product: a.product,
    recurring: a.recurring
      ? { interval: a.recurring.interval, interval_count: a.recurring.interval_count, meter: null, usage_type: "licensed" }
      : null,
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: a.recurring ? "recurring" : "one_time",
    unit_amount: a.unit_amount,
    unit_amount_decimal: String(a.unit_amount),
  };
}

export function planFromPrice(price: Obj): Obj {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

/** Unix seconds plus `count` intervals, clamping the day of month like Stripe's billing anchor. */
export function addInterval(at: number, r: Recurring): number {
  const d = new Date(at * 1000);
  if (r.interval === "day" || r.interval === "week") {
    return at + r.interval_count * (r.interval === "day" ? 86400 : 7 * 86400);
  }
  const months = r.interval === "year" ? 12 * r.interval_count : r.interval_count;
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

export function paymentIntentObj(now: number, a: { amount: number; currency: string; customer: string | null; captureMethod: string; metadata?: Record<string, string>; description?: string | null; receiptEmail?: string | null }): Obj {
  const id = newId("pi", 24);
  return {
    ...base("payment_intent", id, now, a.metadata),
    amount: a.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: a.captureMethod,
    client_secret: `${id}_secret_${newId("", 24).slice(1)}`,
    confirmation_method: "automatic",
    currency: a.currency,
    customer: a.customer,
    description: a.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    processing: null,
    receipt_email: a.receiptEmail ?? null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
}

/** An authorised card charge; uncaptured ones carry `capture_before` (7 days, as for online cards). */
export function chargeObj(now: number, pi: Obj, captured: boolean, email: string | null): Obj {
  return {
    ...base("charge", newId("ch", 24), now, { ...pi.metadata }),
    amount: pi.amount,
    amount_captured: captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: captured ? newId("txn", 24) : null,
    billing_details: { address: null, email, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: "THRESHOLD TEST",
    captured,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    on_behalf_of: null,
    outcome: { network_status: "approved_by_network", reason: null, risk_level: "normal", seller_message: "Payment complete.", type: "authorized" },
    paid: true,
    payment_intent: pi.id,
    payment_method: pi.payment_method,
    payment_method_details: {
      type: "card",
      card: {
        amount_authorized: pi.amount,
        brand: "visa",
        capture_before: captured ? null : now + 7 * 86400,
        country: "US",
        exp_month: 12,
        exp_year: new Date(now * 1000).getUTCFullYear() + 3,
        funding: "credit",
        last4: "4242",
        network: "visa",
      },
    },
    receipt_email: email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
}

export function refundObj(now: number, a: { amount: number; charge: Obj; metadata?: Record<string, string>; reason?: string | null }): Obj {
  return {
    ...base("refund", newId("re", 24), now, a.metadata),
    amount: a.amount,
    balance_transaction: newId("txn", 24),
    charge: a.charge.id,
    currency: a.charge.currency,
    destination_details: { type: "card", card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" } },
    payment_intent: a.charge.payment_intent,
    reason: a.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
}
