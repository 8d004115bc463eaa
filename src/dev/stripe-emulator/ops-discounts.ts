import { invalidParam, missingParam, StripeApiError } from "./errors";
import type { Args } from "./params";
import { newId, type Obj, type Tx } from "./store";

/**
 * Coupons, promotion codes, discounts (on Checkout Sessions, subscriptions and invoices) and the
 * customer balance, with API 2026-10-28 shapes: a promotion code names its coupon under
 * `promotion: { type: "coupon", coupon }`; a session's `discounts` are `{ coupon, promotion_code }`
 * pairs; invoices carry discount ids with `total_discount_amounts`, and a customer's negative
 * `balance` (a credit) is applied to the next invoice (`starting_balance`, `ending_balance`).
 */

const INVALID = "invalid_request_error";

export function createCoupon(tx: Tx, a: Args): Obj {
  const percentOff = a.str("percent_off");
  const amountOff = a.int("amount_off", 1);
  if (percentOff !== undefined && amountOff !== undefined) throw invalidParam("You may only specify one of these parameters: amount_off, percent_off.", "amount_off");
  if (percentOff === undefined && amountOff === undefined) throw missingParam("percent_off");
  let percent: number | null = null;
  if (percentOff !== undefined) {
    percent = Number(percentOff);
    if (!Number.isFinite(percent) || percent <= 0 || percent > 100) throw invalidParam("Invalid percent_off: must be greater than 0 and at most 100", "percent_off");
  }
  const currency = a.str("currency")?.toLowerCase() || null;
  if (amountOff !== undefined && !currency) throw missingParam("currency");
  const duration = a.oneOf("duration", ["once", "repeating", "forever"] as const) ?? "once";
  if (duration === "repeating") throw invalidParam("The Stripe emulator supports `once` and `forever` coupons only.", "duration");
  const id = a.str("id") || newId("", 8).slice(1);
  return tx.put({
    id,
    object: "coupon",
    amount_off: amountOff ?? null,
    created: tx.now,
    currency: amountOff !== undefined ? currency : null,
    duration,
    duration_in_months: null,
    livemode: false,
    max_redemptions: a.int("max_redemptions", 1) ?? null,
    metadata: a.metadata(),
    name: a.str("name") || null,
    percent_off: percent,
    redeem_by: a.int("redeem_by") ?? null,
    times_redeemed: 0,
    valid: true,
  });
}

export async function createPromotionCode(tx: Tx, a: Args): Promise<Obj> {
  const promotion = a.sub("promotion");
  if (!promotion) throw missingParam("promotion");
  if (promotion.oneOf("type", ["coupon"] as const) !== "coupon") throw missingParam("promotion[type]");
  const coupon = await tx.must(promotion.reqStr("coupon"), "coupon", "promotion[coupon]");
  const code = a.str("code") || newId("", 8).slice(1).toUpperCase();
  if (!/^[A-Za-z0-9_-]{1,500}$/.test(code)) throw invalidParam("Invalid code: only letters, digits, - and _ are allowed", "code");
  const active = (await tx.list("promotion_code", { code, active: true }, { limit: 1 })).data[0];
  if (active) throw invalidParam(`An active promotion code with \`code: ${code}\` already exists.`, "code", "resource_already_exists");
  const restrictions = a.sub("restrictions");
  return tx.put({
    id: newId("promo", 24),
    object: "promotion_code",
    active: a.bool("active") ?? true,
    code,
    created: tx.now,
    customer: a.str("customer") || null,
    customer_account: null,
    expires_at: a.int("expires_at") ?? null,
    livemode: false,
    max_redemptions: a.int("max_redemptions", 1) ?? null,
    metadata: a.metadata(),
    promotion: { coupon: coupon.id, type: "coupon" },
    restrictions: { first_time_transaction: restrictions?.bool("first_time_transaction") ?? false, minimum_amount: null, minimum_amount_currency: null },
    times_redeemed: 0,
  });
}

/** The discount a coupon takes off `amount`: percentages round to the nearest cent, never below zero. */
export function couponDiscount(coupon: Obj, amount: number): number {
  const off = coupon.percent_off != null ? Math.round((amount * coupon.percent_off) / 100) : (coupon.amount_off ?? 0);
  return Math.min(amount, off);
}

const codeRefused = (message: string, param: string) => new StripeApiError(400, INVALID, message, "promotion_code_invalid", param);

/** Whether the customer has paid anything before (`restrictions.first_time_transaction`). */
async function hasPaidBefore(tx: Tx, customer: string | null): Promise<boolean> {
  if (!customer) return false;
  const paid = await tx.list("invoice", { customer, status: "paid" }, { limit: 10 });
  if (paid.data.some((i) => i.amount_paid > 0)) return true;
  return (await tx.list("payment_intent", { customer, status: "succeeded" }, { limit: 1 })).data.length > 0;
}

/** A coupon that can still be applied now, else Stripe's 400 naming `param`. */
function usableCoupon(tx: Tx, coupon: Obj, currency: string, param: string): Obj {
  if (!coupon.valid || (coupon.redeem_by && tx.now >= coupon.redeem_by)) throw invalidParam(`Coupon ${coupon.id} is no longer valid.`, param, "coupon_expired");
  if (coupon.max_redemptions != null && coupon.times_redeemed >= coupon.max_redemptions) throw invalidParam(`Coupon ${coupon.id} has reached its maximum redemptions.`, param, "coupon_expired");
  if (coupon.amount_off != null && coupon.currency !== currency) throw invalidParam(`Coupon ${coupon.id} is in ${coupon.currency}, not ${currency}.`, param);
  return coupon;
}

export interface SessionDiscount {
  /** As on the session: `[{ coupon, promotion_code }]`. */
  discounts: Array<{ coupon: string | null; promotion_code: string | null }>;
  coupon: Obj | null;
  amount: number;
}

/**
 * `discounts` of a new Checkout Session (at most one, as Stripe allows in Checkout): checked now
 * against expiry, redemption limits and first-time restrictions; counted when the session completes.
 */
export async function sessionDiscount(tx: Tx, a: Args, s: { customer: string | null; subtotal: number; currency: string }): Promise<SessionDiscount> {
  const list = a.list("discounts");
  if (list.length && a.bool("allow_promotion_codes")) throw invalidParam("You may only specify one of these parameters: allow_promotion_codes, discounts.", "discounts");
  if (list.length > 1) throw invalidParam("You may only specify one discount in Checkout.", "discounts");
  if (!list.length) return { discounts: [], coupon: null, amount: 0 };
  const d = list[0];
  const promoId = d.str("promotion_code") || null;
  const couponId = d.str("coupon") || null;
  if (promoId && couponId) throw invalidParam("You may only specify one of these parameters: coupon, promotion_code.", d.name("coupon"));
  let coupon: Obj;
  if (promoId) {
    const promo = await tx.must(promoId, "promotion_code", d.name("promotion_code"));
    const param = d.name("promotion_code");
    if (!promo.active) throw codeRefused(`This promotion code is inactive: ${promo.code}`, param);
    if (promo.expires_at && tx.now >= promo.expires_at) throw codeRefused(`This promotion code has expired: ${promo.code}`, param);
    if (promo.max_redemptions != null && promo.times_redeemed >= promo.max_redemptions) throw codeRefused(`This promotion code has been fully redeemed: ${promo.code}`, param);
    if (promo.customer && promo.customer !== s.customer) throw codeRefused(`This promotion code cannot be redeemed by this customer: ${promo.code}`, param);
    if (promo.restrictions.first_time_transaction && (await hasPaidBefore(tx, s.customer))) {
      throw codeRefused(`This promotion code is only for first-time customers: ${promo.code}`, param);
    }
    coupon = usableCoupon(tx, await tx.must(promo.promotion.coupon, "coupon"), s.currency, param);
  } else if (couponId) {
    coupon = usableCoupon(tx, await tx.must(couponId, "coupon", d.name("coupon")), s.currency, d.name("coupon"));
  } else throw missingParam(d.name("coupon"));
  return { discounts: [{ coupon: coupon.id, promotion_code: promoId }], coupon, amount: couponDiscount(coupon, s.subtotal) };
}

/** A completed session used its discount: the promotion code and its coupon count one redemption. */
export async function redeemSessionDiscount(tx: Tx, s: Obj): Promise<void> {
  for (const d of s.discounts ?? []) {
    if (d.promotion_code) {
      const promo = await tx.must(d.promotion_code, "promotion_code");
      promo.times_redeemed += 1;
      tx.put(promo);
    }
    if (d.coupon) {
      const coupon = await tx.must(d.coupon, "coupon");
      coupon.times_redeemed += 1;
      tx.put(coupon);
    }
  }
}

export function discountObj(tx: Tx, a: { coupon: Obj; promotionCode: string | null; customer: string | null; subscription: string | null; checkoutSession?: string | null }): Obj {
  return tx.put({
    id: newId("di", 24),
    object: "discount",
    checkout_session: a.checkoutSession ?? null,
    customer: a.customer,
    customer_account: null,
    end: null,
    invoice: null,
    invoice_item: null,
    promotion_code: a.promotionCode,
    source: { coupon: a.coupon.id, type: "coupon" },
    start: tx.now,
    subscription: a.subscription,
    subscription_item: null,
  });
}

/** `discounts` on a subscription update: a list of `{ coupon | promotion_code }`, or "" to remove them all. */
export async function setSubscriptionDiscounts(tx: Tx, sub: Obj, a: Args): Promise<void> {
  if (!a.has("discounts")) return;
  if (a.data.discounts === "") {
    sub.discounts = [];
    return;
  }
  const ids: string[] = [];
  for (const d of a.list("discounts")) {
    const promoId = d.str("promotion_code") || null;
    const promo = promoId ? await tx.must(promoId, "promotion_code", d.name("promotion_code")) : null;
    const couponId = promo ? promo.promotion.coupon : d.str("coupon");
    if (!couponId) throw missingParam(d.name("coupon"));
    const coupon = usableCoupon(tx, await tx.must(couponId, "coupon", d.name("coupon")), sub.currency, d.name("coupon"));
    ids.push(discountObj(tx, { coupon, promotionCode: promoId, customer: sub.customer, subscription: sub.id }).id);
  }
  sub.discounts = ids;
}

/**
 * Finalizes an invoice's amounts: the subscription's discounts (and a Checkout discount passed in)
 * come off the subtotal, `once` discounts are then spent, and the customer's credit balance pays
 * what it can (an `applied_to_invoice` balance transaction). Returns the amount still due.
 */
export async function finalizeInvoiceAmounts(tx: Tx, invoice: Obj, sub: Obj, extra?: { coupon: Obj; promotionCode: string | null }): Promise<number> {
  const subtotal: number = invoice.subtotal;
  let discountTotal = 0;
  const applied: Array<{ amount: number; discount: string }> = [];
  const discountIds: string[] = [];
  const discounts: Array<{ discount: Obj; coupon: Obj }> = [];
  for (const id of sub.discounts ?? []) {
    const discount = await tx.get(id);
    if (discount) discounts.push({ discount, coupon: await tx.must(discount.source.coupon, "coupon") });
  }
  if (extra) discounts.push({ discount: discountObj(tx, { coupon: extra.coupon, promotionCode: extra.promotionCode, customer: sub.customer, subscription: sub.id }), coupon: extra.coupon });
  for (const { discount, coupon } of discounts) {
    const amount = couponDiscount(coupon, subtotal - discountTotal);
    discountTotal += amount;
    applied.push({ amount, discount: discount.id });
    discountIds.push(discount.id);
    if (coupon.duration === "once") sub.discounts = (sub.discounts ?? []).filter((d: string) => d !== discount.id);
    else if (!(sub.discounts ?? []).includes(discount.id)) sub.discounts = [...(sub.discounts ?? []), discount.id];
  }
  const total = subtotal - discountTotal;
  invoice.discounts = discountIds;
  invoice.total_discount_amounts = applied;
  invoice.total = total;
  invoice.total_excluding_tax = total;
  const customer = await tx.get(sub.customer);
  const balance: number = customer?.balance ?? 0;
  const credit = balance < 0 ? Math.min(-balance, total) : 0;
  invoice.starting_balance = balance;
  invoice.ending_balance = balance + credit;
  const due = total - credit;
  invoice.amount_due = due;
  const paid = invoice.status === "paid";
  invoice.amount_paid = paid ? due : 0;
  invoice.amount_remaining = paid ? 0 : due;
  if (customer && credit > 0) {
    customer.balance = balance + credit;
    tx.put(customer);
    tx.put(balanceTransactionObj(tx, { customer: customer.id, amount: credit, currency: invoice.currency, type: "applied_to_invoice", endingBalance: customer.balance, invoice: invoice.id, description: null, metadata: {} }));
  }
  return due;
}

function balanceTransactionObj(tx: Tx, a: { customer: string; amount: number; currency: string; type: string; endingBalance: number; invoice: string | null; description: string | null; metadata: Record<string, string> }): Obj {
  return {
    id: newId("cbtxn", 24),
    object: "customer_balance_transaction",
    amount: a.amount,
    checkout_session: null,
    created: tx.now,
    credit_note: null,
    currency: a.currency,
    customer: a.customer,
    customer_account: null,
    description: a.description,
    ending_balance: a.endingBalance,
    invoice: a.invoice,
    livemode: false,
    metadata: a.metadata,
    type: a.type,
  };
}

/** `POST /v1/customers/:id/balance_transactions`: a negative amount is a credit, a positive one a debit. */
export function createBalanceTransaction(tx: Tx, customer: Obj, a: Args): Obj {
  const amount = a.int("amount");
  if (amount === undefined) throw missingParam("amount");
  if (amount === 0) throw invalidParam("Invalid amount: must not be zero", "amount");
  const currency = a.str("currency")?.toLowerCase();
  if (!currency) throw missingParam("currency");
  if (customer.currency && customer.currency !== currency) throw invalidParam(`The customer's balance is in ${customer.currency}, not ${currency}.`, "currency");
  customer.currency = currency;
  customer.balance = (customer.balance ?? 0) + amount;
  tx.put(customer);
  return tx.put(
    balanceTransactionObj(tx, { customer: customer.id, amount, currency, type: "adjustment", endingBalance: customer.balance, invoice: null, description: a.str("description") || null, metadata: a.metadata() }),
  );
}
