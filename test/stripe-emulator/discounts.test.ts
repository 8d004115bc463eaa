import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { APP_URL, oneTime, payCheckout, post, setup } from "./helpers";

const urls = { success_url: `${APP_URL}/done`, cancel_url: `${APP_URL}/back` };

async function renew(t: Awaited<ReturnType<typeof setup>>, subId: string) {
  const res = await post(t.emu, `/subscriptions/${subId}/renew`);
  expect(res.status).toBeLessThan(400);
  return t.stripe.subscriptions.retrieve(subId, { expand: ["latest_invoice"] });
}

describe("Stripe emulator: coupons, promotion codes, discounts and customer balance", { timeout: 30_000 }, () => {
  it("a promotion code on a payment Checkout lowers the session and the PaymentIntent, and counts once when paid", async () => {
    const t = await setup();
    const coupon = await t.stripe.coupons.create({ percent_off: 20, duration: "once" });
    expect(coupon).toMatchObject({ object: "coupon", percent_off: 20, amount_off: null, duration: "once", times_redeemed: 0, valid: true });
    const promo = await t.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "FRIENDS20", max_redemptions: 1 });
    expect(promo).toMatchObject({ object: "promotion_code", code: "FRIENDS20", promotion: { type: "coupon", coupon: coupon.id }, times_redeemed: 0, restrictions: { first_time_transaction: false } });
    const session = await payCheckout(t.stripe, t.emu, { mode: "payment", line_items: [oneTime(2500)], customer_email: "a@example.com", discounts: [{ promotion_code: promo.id }], ...urls }, ["line_items", "payment_intent"]);
    expect(session).toMatchObject({ amount_subtotal: 2500, amount_total: 2000, total_details: { amount_discount: 500 }, discounts: [{ coupon: coupon.id, promotion_code: promo.id }] });
    expect(session.line_items!.data[0]).toMatchObject({ amount_subtotal: 2500, amount_discount: 500, amount_total: 2000 });
    expect((session.payment_intent as Stripe.PaymentIntent).amount).toBe(2000);
    expect((await t.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    expect((await t.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    // Used up: a new session with it is refused, naming the parameter.
    const refused = await t.stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime(2500)], discounts: [{ promotion_code: promo.id }], ...urls }).catch((e) => e);
    expect(refused).toMatchObject({ type: "StripeInvalidRequestError", code: "promotion_code_invalid", param: "discounts[0][promotion_code]" });
  });

  it("expired codes, mixed parameters and bad coupons are refused", async () => {
    const t = await setup();
    const now = Math.floor(Date.now() / 1000);
    const coupon = await t.stripe.coupons.create({ amount_off: 700, currency: "usd", duration: "once" });
    const expired = await t.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "GONE", expires_at: now - 10 });
    const err = await t.stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], discounts: [{ promotion_code: expired.id }], ...urls }).catch((e) => e);
    expect(err.message).toContain("expired");
    const both = await t.stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], allow_promotion_codes: true, discounts: [{ coupon: coupon.id }], ...urls }).catch((e) => e);
    expect(both.message).toContain("allow_promotion_codes, discounts");
    expect((await t.stripe.coupons.create({ percent_off: 120 }).catch((e) => e)).param).toBe("percent_off");
    expect((await t.stripe.coupons.create({ amount_off: 100 }).catch((e) => e)).param).toBe("currency");
    const open = await t.stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], allow_promotion_codes: true, ...urls });
    expect(open.allow_promotion_codes).toBe(true);
    // An amount coupon never takes the total below zero.
    const big = await t.stripe.coupons.create({ amount_off: 99999, currency: "usd" });
    const free = await t.stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime(2500)], discounts: [{ coupon: big.id }], ...urls });
    expect(free.amount_total).toBe(0);
  });

  it("first-time-only codes are refused to a customer who has paid before", async () => {
    const t = await setup();
    const customer = await t.stripe.customers.create({ email: "old@example.com" });
    await payCheckout(t.stripe, t.emu, { mode: "payment", customer: customer.id, line_items: [oneTime()], ...urls });
    const coupon = await t.stripe.coupons.create({ percent_off: 50 });
    const promo = await t.stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "NEWONLY", restrictions: { first_time_transaction: true } });
    const err = await t.stripe.checkout.sessions.create({ mode: "payment", customer: customer.id, line_items: [oneTime()], discounts: [{ promotion_code: promo.id }], ...urls }).catch((e) => e);
    expect(err.message).toContain("first-time");
    const fresh = await t.stripe.customers.create({ email: "new@example.com" });
    const ok = await t.stripe.checkout.sessions.create({ mode: "payment", customer: fresh.id, line_items: [oneTime(1000)], discounts: [{ promotion_code: promo.id }], ...urls });
    expect(ok.amount_total).toBe(500);
  });

  it("a once coupon on a subscription Checkout discounts the first invoice only; a credit balance pays the next", async () => {
    const t = await setup();
    const product = await t.stripe.products.create({ name: "Member" });
    const price = await t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 3000, recurring: { interval: "month" } });
    const coupon = await t.stripe.coupons.create({ percent_off: 50, duration: "once" });
    const session = await payCheckout(t.stripe, t.emu, { mode: "subscription", customer_email: "m@example.com", line_items: [{ price: price.id, quantity: 1 }], discounts: [{ coupon: coupon.id }], ...urls });
    expect(session.amount_total).toBe(1500);
    const sub = await t.stripe.subscriptions.retrieve(session.subscription as string, { expand: ["latest_invoice"] });
    const first = sub.latest_invoice as Stripe.Invoice;
    expect(first).toMatchObject({ subtotal: 3000, total: 1500, amount_due: 1500, amount_paid: 1500, status: "paid" });
    expect(first.total_discount_amounts).toEqual([{ amount: 1500, discount: expect.stringMatching(/^di_/) }]);
    expect(sub.discounts).toEqual([]);

    const customer = session.customer as string;
    const credit = await t.stripe.customers.createBalanceTransaction(customer, { amount: -3000, currency: "usd", description: "A month on us" }, { idempotencyKey: "credit-1" });
    expect(credit).toMatchObject({ object: "customer_balance_transaction", amount: -3000, ending_balance: -3000, type: "adjustment", currency: "usd" });
    // The same key replays, and moves no money twice.
    const again = await t.stripe.customers.createBalanceTransaction(customer, { amount: -3000, currency: "usd", description: "A month on us" }, { idempotencyKey: "credit-1" });
    expect(again.id).toBe(credit.id);
    expect((await t.stripe.customers.retrieve(customer)) as Stripe.Customer).toMatchObject({ balance: -3000 });

    const second = (await renew(t, sub.id)).latest_invoice as Stripe.Invoice;
    expect(second).toMatchObject({ subtotal: 3000, total: 3000, starting_balance: -3000, ending_balance: 0, amount_due: 0, status: "paid" });
    const third = (await renew(t, sub.id)).latest_invoice as Stripe.Invoice;
    expect(third).toMatchObject({ total: 3000, amount_due: 3000, amount_paid: 3000 });
    const txns = await t.stripe.customers.listBalanceTransactions(customer);
    expect(txns.data.map((x) => x.type).sort()).toEqual(["adjustment", "applied_to_invoice"]);
  });

  it("a coupon set on a subscription discounts its next renewal, and can be taken off", async () => {
    const t = await setup();
    const product = await t.stripe.products.create({ name: "Member" });
    const price = await t.stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 2000, recurring: { interval: "month" } });
    const session = await payCheckout(t.stripe, t.emu, { mode: "subscription", customer_email: "r@example.com", line_items: [{ price: price.id, quantity: 1 }], ...urls });
    const subId = session.subscription as string;
    const coupon = await t.stripe.coupons.create({ percent_off: 100, duration: "once" });
    const updated = await t.stripe.subscriptions.update(subId, { discounts: [{ coupon: coupon.id }] });
    expect(updated.discounts).toHaveLength(1);
    const cleared = await t.stripe.subscriptions.update(subId, { discounts: "" });
    expect(cleared.discounts).toEqual([]);
    await t.stripe.subscriptions.update(subId, { discounts: [{ coupon: coupon.id }] });
    const renewed = await renew(t, subId);
    expect(renewed.latest_invoice as Stripe.Invoice).toMatchObject({ total: 0, amount_due: 0 });
    expect(renewed.discounts).toEqual([]);
  });
});
