import { createPrice, parseCurrency } from "./catalog";
import { badState, conflict, invalidParam, missingParam } from "./errors";
import { type EmuCtx, isHttpUrl } from "./core";
import { chargeObj, customerObj, paymentIntentObj } from "./objects";
import { invoiceObj, subscriptionObj } from "./objects-billing";
import { finalizeInvoiceAmounts, redeemSessionDiscount, sessionDiscount } from "./ops-discounts";
import type { Args } from "./params";
import { newId, type Obj, publicView, type Tx } from "./store";

/** Checkout Sessions: creation, lazy expiry, expiry, and what the hosted page's Pay does. */

function urlParam(a: Args, key: string): string | null {
  const v = a.str(key);
  if (v === undefined || v === "") return null;
  if (!isHttpUrl(v)) throw invalidParam(`Not a valid URL: ${key}`, key, "url_invalid");
  return v;
}

async function lineItem(tx: Tx, li: Args, mode: string): Promise<Obj> {
  const quantity = li.int("quantity", 1) ?? 1;
  const priceId = li.str("price");
  const data = li.sub("price_data");
  let price: Obj;
  if (priceId) {
    price = await tx.must(priceId, "price", li.name("price"));
    if (!price.active) throw invalidParam("The price specified is inactive. This field only accepts active prices.", li.name("price"));
  } else if (data) {
    parseCurrency(data);
    price = await createPrice(tx, data, { adHoc: true });
  } else throw missingParam(li.name("price"));
  if (mode === "payment" && price.type === "recurring") {
    throw invalidParam("You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.", li.name("price"));
  }
  if (mode === "subscription" && price.type !== "recurring") {
    throw invalidParam("The emulator supports only recurring prices in `subscription` mode.", li.name("price"));
  }
  const product = await tx.get(price.product);
  const amount = (price.unit_amount ?? 0) * quantity;
  return {
    id: newId("li", 24),
    object: "item",
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: product?.name ?? null,
    metadata: {},
    price: publicView(price),
    quantity,
  };
}

export async function createCheckoutSession(tx: Tx, ctx: EmuCtx, a: Args): Promise<Obj> {
  const mode = a.oneOf("mode", ["payment", "subscription", "setup"] as const);
  if (!mode) throw missingParam("mode");
  if (mode === "setup") throw invalidParam("The Stripe emulator supports `payment` and `subscription` modes only.", "mode");
  const successUrl = urlParam(a, "success_url");
  const cancelUrl = urlParam(a, "cancel_url");
  const customerId = a.str("customer") || null;
  const customerEmail = a.str("customer_email") || null;
  if (customerId && customerEmail) throw invalidParam("You may only specify one of these parameters: customer, customer_email.", "customer_email");
  if (customerId) await tx.must(customerId, "customer", "customer");
  const items = a.list("line_items");
  if (items.length === 0) throw missingParam("line_items");
  const lineItems: Obj[] = [];
  for (const li of items) lineItems.push(await lineItem(tx, li, mode));
  const currency = lineItems[0].currency;
  if (lineItems.some((li) => li.currency !== currency)) throw invalidParam("All line items must use the same currency.", "line_items");
  const pid = a.sub("payment_intent_data");
  const sd = a.sub("subscription_data");
  if (pid && mode !== "payment") throw invalidParam("You can not pass `payment_intent_data` in `subscription` mode.", "payment_intent_data");
  if (sd && mode !== "subscription") throw invalidParam("You can not pass `subscription_data` in `payment` mode.", "subscription_data");
  const trialDays = sd?.int("trial_period_days", 1) ?? null;
  const expiresAt = a.int("expires_at") ?? tx.now + 86400;
  if (expiresAt < tx.now + 1800 || expiresAt > tx.now + 86400) {
    throw invalidParam("The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.", "expires_at");
  }
  const subtotal = lineItems.reduce((s, li) => s + li.amount_total, 0);
  const discount = await sessionDiscount(tx, a, { customer: customerId, subtotal, currency });
  // The first line carries the discount (Threshold's sessions have one line).
  if (discount.amount) Object.assign(lineItems[0], { amount_discount: discount.amount, amount_total: lineItems[0].amount_subtotal - discount.amount });
  const amount = trialDays ? 0 : subtotal - discount.amount;
  const id = newId("cs_test", 58);
  return tx.put({
    id,
    object: "checkout.session",
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: a.bool("allow_promotion_codes") ?? null,
    amount_subtotal: trialDays ? 0 : subtotal,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: cancelUrl,
    client_reference_id: a.str("client_reference_id") || null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: tx.now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: customerId,
    customer_creation: customerId ? null : mode === "subscription" ? "always" : (a.oneOf("customer_creation", ["always", "if_required"] as const) ?? "if_required"),
    customer_details: null,
    customer_email: customerEmail,
    discounts: discount.discounts,
    expires_at: expiresAt,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    metadata: a.metadata(),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: a.strList("payment_method_types").length ? a.strList("payment_method_types") : ["card"],
    payment_status: "unpaid",
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: successUrl,
    total_details: { amount_discount: trialDays ? 0 : discount.amount, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: `${ctx.appUrl}/dev/stripe/checkout/${id}`,
    wallet_options: null,
    _line_items: { object: "list", data: lineItems, has_more: false, url: `/v1/checkout/sessions/${id}/line_items` },
    _payment_intent_data: {
      capture_method: pid?.oneOf("capture_method", ["automatic", "automatic_async", "manual"] as const) ?? "automatic_async",
      metadata: pid?.metadata() ?? {},
      description: pid?.str("description") || null,
    },
    _subscription_data: { metadata: sd?.metadata() ?? {}, trial_period_days: trialDays, description: sd?.str("description") || null },
  });
}

/** Loads a session, expiring it first if its `expires_at` has passed (as Stripe does in the background). */
export async function loadSession(tx: Tx, id: string, param = "id"): Promise<Obj> {
  const s = await tx.must(id, "checkout.session", param);
  if (s.status === "open" && tx.now >= s.expires_at) expireSession(tx, s);
  return s;
}

export function expireSession(tx: Tx, s: Obj): Obj {
  if (s.status !== "open") {
    throw badState(`Only Checkout Sessions with status \`open\` can be expired; ${s.id} is \`${s.status}\`.`, "checkout_session_not_open");
  }
  s.status = "expired";
  s.url = null;
  tx.put(s);
  tx.emit("checkout.session.expired", s);
  return s;
}

/** The hosted page's Pay: completes the session and creates what Stripe would, queuing the events. */
export async function paySession(tx: Tx, s: Obj, input: { email?: string | null }): Promise<Obj> {
  if (s.status !== "open") throw conflict(`This Checkout Session is ${s.status}; it can no longer be paid.`);
  let customer = s.customer ? await tx.must(s.customer, "customer", "customer") : null;
  const email: string | null = customer?.email ?? s.customer_email ?? input.email ?? null;
  if (!customer && (s.customer_email || s.customer_creation === "always")) customer = tx.put(customerObj(tx.now, { email }));
  s.customer = customer?.id ?? null;
  s.customer_details = { address: null, business_name: null, email, individual_name: null, name: null, phone: null, tax_exempt: "none", tax_ids: [] };
  s.status = "complete";
  s.url = null;
  tx.put(s);
  await redeemSessionDiscount(tx, s);
  if (s.mode === "payment") {
    const pid = s._payment_intent_data;
    const manual = pid.capture_method === "manual";
    const pi = paymentIntentObj(tx.now, { amount: s.amount_total, currency: s.currency, customer: s.customer, captureMethod: pid.capture_method, metadata: { ...pid.metadata }, description: pid.description });
    pi.payment_method = newId("pm", 24);
    const charge = chargeObj(tx.now, pi, !manual, email);
    pi.latest_charge = charge.id;
    pi.status = manual ? "requires_capture" : "succeeded";
    pi.amount_capturable = manual ? pi.amount : 0;
    pi.amount_received = manual ? 0 : pi.amount;
    s.payment_intent = pi.id;
    s.payment_status = manual ? "unpaid" : "paid"; // Stripe reports uncaptured holds as unpaid
    tx.put(pi);
    tx.put(charge);
    tx.emit("checkout.session.completed", s);
    if (manual) tx.emit("payment_intent.amount_capturable_updated", pi);
    else {
      tx.emit("payment_intent.succeeded", pi);
      tx.emit("charge.succeeded", charge);
    }
    return s;
  }
  const sd = s._subscription_data;
  const prices: Array<{ price: Obj; quantity: number }> = [];
  for (const li of s._line_items.data) prices.push({ price: publicView(await tx.must(li.price.id, "price")), quantity: li.quantity });
  const sub = subscriptionObj(tx.now, { customer: s.customer, prices, metadata: { ...sd.metadata }, trialDays: sd.trial_period_days ?? undefined, description: sd.description });
  const invoice = invoiceObj(tx.now, sub, { billingReason: "subscription_create", paid: true, amount: sd.trial_period_days ? 0 : undefined, customerEmail: email });
  // The session's discount applies to the first invoice (and stays on the subscription unless `once`).
  const first = s.discounts?.[0];
  const coupon = first?.coupon ? await tx.must(first.coupon, "coupon") : null;
  if (!sd.trial_period_days) await finalizeInvoiceAmounts(tx, invoice, sub, coupon ? { coupon, promotionCode: first.promotion_code } : undefined);
  sub.latest_invoice = invoice.id;
  s.subscription = sub.id;
  s.invoice = invoice.id;
  s.payment_status = sd.trial_period_days ? "no_payment_required" : "paid";
  tx.put(sub);
  tx.put(invoice);
  tx.emit("checkout.session.completed", s);
  tx.emit("customer.subscription.created", sub);
  tx.emit("invoice.paid", invoice);
  return s;
}

/** Where the browser goes after paying. */
export function successRedirect(s: Obj): string {
  if (!s.success_url) return `/dev/stripe/checkout/${s.id}`;
  return String(s.success_url).replaceAll("{CHECKOUT_SESSION_ID}", s.id);
}
