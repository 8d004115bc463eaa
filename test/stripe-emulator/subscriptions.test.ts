import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { APP_URL, payCheckout, post, setup, verify } from "./helpers";

async function catalog(stripe: Stripe) {
  const product = await stripe.products.create({ name: "Inner circle" });
  const monthly = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1200, recurring: { interval: "month" } });
  const yearly = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 12000, recurring: { interval: "year" } });
  return { product, monthly, yearly };
}

async function subscribe(t: Awaited<ReturnType<typeof setup>>, price: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const session = await payCheckout(t.stripe, t.emu, {
    mode: "subscription",
    line_items: [{ price, quantity: 1 }],
    success_url: `${APP_URL}/welcome?session_id={CHECKOUT_SESSION_ID}`,
    customer_email: "member@example.com",
    subscription_data: { metadata: { membership_id: "m_1" } },
    metadata: { membership_id: "m_1" },
    ...extra,
  });
  const sub = await t.stripe.subscriptions.retrieve(session.subscription as string, { expand: ["latest_invoice"] });
  return { session, sub };
}

describe("Stripe emulator: subscriptions", () => {
  it("subscription checkout creates a customer, an active subscription and a paid invoice", async () => {
    const t = await setup();
    const { monthly } = await catalog(t.stripe);
    const { session, sub } = await subscribe(t, monthly.id);
    expect(session).toMatchObject({ status: "complete", payment_status: "paid", mode: "subscription", amount_total: 1200 });
    expect(session.customer).toMatch(/^cus_/);
    expect(sub.id).toMatch(/^sub_/);
    expect(sub).toMatchObject({ status: "active", customer: session.customer, metadata: { membership_id: "m_1" }, cancel_at_period_end: false });
    const item = sub.items.data[0];
    expect(item.price.id).toBe(monthly.id);
    expect(item.current_period_end).toBeGreaterThan(item.current_period_start);
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * 86400);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.id).toMatch(/^in_/);
    expect(invoice).toMatchObject({
      status: "paid",
      amount_paid: 1200,
      billing_reason: "subscription_create",
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: { membership_id: "m_1" } } },
    });
    expect(t.types()).toEqual(["checkout.session.completed", "customer.subscription.created", "invoice.paid"]);
    for (const d of t.deliveries) await verify(d);
    expect((await t.stripe.invoices.list({ subscription: sub.id })).data.map((i) => i.id)).toEqual([invoice.id]);
    expect((await t.stripe.subscriptions.list({ customer: session.customer as string })).data.map((s) => s.id)).toEqual([sub.id]);
  });

  it("starts a trial when asked", async () => {
    const t = await setup();
    const { monthly } = await catalog(t.stripe);
    const { session, sub } = await subscribe(t, monthly.id, { subscription_data: { trial_period_days: 14, metadata: {} } });
    expect(session).toMatchObject({ payment_status: "no_payment_required", amount_total: 0 });
    expect(sub.status).toBe("trialing");
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * 86400);
    expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(0);
  });

  it("updates (cancel at period end, resume, switch price) and deletes subscriptions", async () => {
    const t = await setup();
    const { monthly, yearly } = await catalog(t.stripe);
    const { sub } = await subscribe(t, monthly.id);
    t.deliveries.length = 0;

    const ending = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(ending).toMatchObject({ cancel_at_period_end: true, cancel_at: sub.items.data[0].current_period_end, status: "active" });
    const resumed = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed.cancel_at).toBeNull();
    const switched = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: yearly.id }],
      proration_behavior: "none",
      metadata: { changed: "yes" },
    });
    expect(switched.items.data).toHaveLength(1);
    expect(switched.items.data[0].price.id).toBe(yearly.id);
    expect(switched.metadata).toEqual({ membership_id: "m_1", changed: "yes" });

    await t.emu.deliverPending();
    expect(t.types()).toEqual(["customer.subscription.updated", "customer.subscription.updated", "customer.subscription.updated"]);
    const first = t.deliveries[0].event as Stripe.CustomerSubscriptionUpdatedEvent;
    expect(first.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });

    const canceled = await t.stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.ended_at).toBeTypeOf("number");
    await expect(t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true })).rejects.toMatchObject({ statusCode: 400 });
    await t.emu.deliverPending();
    expect(t.types().at(-1)).toBe("customer.subscription.deleted");
    expect((await t.stripe.subscriptions.list({ customer: sub.customer as string })).data).toHaveLength(0);
    expect((await t.stripe.subscriptions.list({ customer: sub.customer as string, status: "canceled" })).data).toHaveLength(1);
  });

  it("serves a billing portal whose actions reach the app before redirecting", async () => {
    const t = await setup();
    const { monthly, yearly } = await catalog(t.stripe);
    const { sub } = await subscribe(t, monthly.id);
    t.deliveries.length = 0;
    const portal = await t.stripe.billingPortal.sessions.create({ customer: sub.customer as string, return_url: `${APP_URL}/account` });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${APP_URL}/dev/stripe/portal/${portal.id}`);

    const page = await (await t.emu.pages.request(`/portal/${portal.id}`)).text();
    expect(page).toContain("Cancel at period end");
    expect(page).toContain("Cancel now");
    expect(page).toContain(`href="${APP_URL}/account"`);
    expect(page).toContain("Return to Threshold");
    expect(page).toContain(`value="${yearly.id}"`);

    const base = `/portal/${portal.id}/subscriptions/${sub.id}`;
    const res = await post(t.emu, `${base}/cancel-at-period-end`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/dev/stripe/portal/${portal.id}?updated=cancel-at-period-end`);
    expect(t.types()).toEqual(["customer.subscription.updated"]); // delivered before the redirect
    expect(await (await t.emu.pages.request(`/portal/${portal.id}?updated=cancel-at-period-end`)).text()).toContain("Resume");

    await post(t.emu, `${base}/resume`);
    await post(t.emu, `${base}/switch-price`, { price: yearly.id });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).items.data[0].price.id).toBe(yearly.id);
    await post(t.emu, `${base}/cancel-now`);
    expect(t.types()).toEqual([
      "customer.subscription.updated",
      "customer.subscription.updated",
      "customer.subscription.updated",
      "customer.subscription.deleted",
    ]);
    const other = await t.stripe.customers.create({ email: "stranger@example.com" });
    const otherPortal = await t.stripe.billingPortal.sessions.create({ customer: other.id });
    expect((await post(t.emu, `/portal/${otherPortal.id}/subscriptions/${sub.id}/resume`)).status).toBe(404);
  });

  it("dev controls fail a renewal, pay it, renew, and end at period end", async () => {
    const t = await setup();
    const { monthly } = await catalog(t.stripe);
    const { sub } = await subscribe(t, monthly.id);
    t.deliveries.length = 0;
    const periodEnd = sub.items.data[0].current_period_end;

    const failed = await post(t.emu, `/subscriptions/${sub.id}/fail-payment`);
    expect(failed.status).toBe(200);
    const f = (await failed.json()) as { subscription: Stripe.Subscription; invoice: Stripe.Invoice };
    expect(f.subscription.status).toBe("past_due");
    expect(f.invoice).toMatchObject({ status: "open", billing_reason: "subscription_cycle", amount_remaining: 1200 });
    expect(f.subscription.items.data[0].current_period_start).toBe(periodEnd);
    await t.emu.deliverPending();
    expect(t.types()).toEqual(["invoice.payment_failed", "customer.subscription.updated"]);

    const paid = (await (await post(t.emu, `/subscriptions/${sub.id}/pay`)).json()) as { subscription: Stripe.Subscription; invoice: Stripe.Invoice };
    expect(paid.subscription.status).toBe("active");
    expect(paid.invoice).toMatchObject({ id: f.invoice.id, status: "paid", amount_paid: 1200 });

    const renewed = (await (await post(t.emu, `/subscriptions/${sub.id}/renew`)).json()) as { subscription: Stripe.Subscription; invoice: Stripe.Invoice };
    expect(renewed.subscription.items.data[0].current_period_start).toBe(f.subscription.items.data[0].current_period_end);
    expect(renewed.invoice.status).toBe("paid");

    await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const ended = (await (await post(t.emu, `/subscriptions/${sub.id}/renew`)).json()) as { subscription: Stripe.Subscription; invoice: null };
    expect(ended.subscription.status).toBe("canceled");
    expect(ended.invoice).toBeNull();
    await t.emu.deliverPending();
    expect(t.types().slice(2)).toEqual([
      "invoice.paid",
      "customer.subscription.updated",
      "invoice.paid",
      "customer.subscription.updated",
      "customer.subscription.updated",
      "customer.subscription.deleted",
    ]);
    expect((await post(t.emu, `/subscriptions/${sub.id}/renew`)).status).toBe(400);
  });
});
