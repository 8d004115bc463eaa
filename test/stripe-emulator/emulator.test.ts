import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { createStripeEmulator } from "../../src/dev/stripe-emulator";
import { countingD1 } from "../d1-counter";
import { APP_URL, oneTime, payCheckout, post, SECRET, setup, verify } from "./helpers";

describe("Stripe emulator: one-time payments", () => {
  it("runs an automatic-capture checkout: hosted page, Pay, signed events in order", async () => {
    const { stripe, emu, deliveries, types } = await setup();
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [oneTime(2500, "Founding <membership>")],
      success_url: `${APP_URL}/applications/done?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${APP_URL}/c/demo`,
      customer_email: "ada@example.com",
      client_reference_id: "app_123",
      metadata: { application_id: "app_123" },
      payment_intent_data: { capture_method: "automatic", metadata: { application_id: "app_123" } },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({ object: "checkout.session", status: "open", payment_status: "unpaid", amount_total: 2500, currency: "usd", livemode: false });
    expect(session.url).toBe(`${APP_URL}/dev/stripe/checkout/${session.id}`);

    const page = await emu.pages.request(`/checkout/${session.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>Threshold test checkout</title>");
    expect(html).toContain("$25.00");
    expect(html).toContain("Founding &lt;membership&gt;"); // escaped
    expect(html).toContain(">Pay</button>");
    expect(html).toContain(">Decline</button>");
    expect(html).toContain(`href="${APP_URL}/c/demo"`);

    const pay = await post(emu, `/checkout/${session.id}/pay`);
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toBe(`${APP_URL}/applications/done?session_id=${session.id}`);
    // Pay awaited delivery: the app already knows when the browser lands.
    expect(types()).toEqual(["checkout.session.completed", "payment_intent.succeeded", "charge.succeeded"]);
    for (const d of deliveries) {
      expect(d.url).toBe(`${APP_URL}/webhooks/stripe`);
      const event = await verify(d);
      expect(event).toMatchObject({ object: "event", livemode: false, api_version: "2026-10-28.endive", pending_webhooks: 1 });
      expect(event.id).toMatch(/^evt_/);
    }
    await expect(emu.deliverPending()).resolves.toEqual([]);

    const completed = deliveries[0].event.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({ status: "complete", payment_status: "paid", client_reference_id: "app_123", metadata: { application_id: "app_123" } });

    const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent", "line_items"] });
    const pi = paid.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: "succeeded", amount: 2500, amount_received: 2500, metadata: { application_id: "app_123" } });
    expect(pi.latest_charge).toMatch(/^ch_/);
    expect(paid.customer).toMatch(/^cus_/);
    expect(paid.line_items?.data[0]).toMatchObject({ description: "Founding <membership>", quantity: 1, amount_total: 2500 });
    const customer = (await stripe.customers.retrieve(paid.customer as string)) as Stripe.Customer;
    expect(customer.email).toBe("ada@example.com");
    const withCharge = await stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    expect(withCharge.latest_charge).toMatchObject({ object: "charge", captured: true, amount_captured: 2500, paid: true });
  });

  it("places a manual-capture hold and captures it exactly once", async () => {
    const { stripe, emu, types, deliveries } = await setup();
    const session = await payCheckout(
      stripe,
      emu,
      { mode: "payment", line_items: [oneTime(4000)], success_url: `${APP_URL}/ok`, payment_intent_data: { capture_method: "manual" } },
      ["payment_intent.latest_charge"],
    );
    expect(session.payment_status).toBe("unpaid"); // Stripe reports uncaptured holds as unpaid
    const pi = session.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: "requires_capture", capture_method: "manual", amount_capturable: 4000, amount_received: 0 });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.captured).toBe(false);
    expect(charge.payment_method_details?.card?.capture_before).toBeGreaterThan(charge.created);
    expect(types()).toEqual(["checkout.session.completed", "payment_intent.amount_capturable_updated"]);

    deliveries.length = 0;
    const captured = await stripe.paymentIntents.capture(pi.id);
    expect(captured).toMatchObject({ status: "succeeded", amount_received: 4000, amount_capturable: 0 });
    // API calls queue events; delivery is explicit.
    expect(deliveries).toHaveLength(0);
    const results = await emu.deliverPending();
    expect(results.map((r) => [r.type, r.status])).toEqual([["charge.captured", 200], ["payment_intent.succeeded", 200]]);
    expect(results[0].eventId).toMatch(/^evt_/);

    await expect(stripe.paymentIntents.capture(pi.id)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      code: "payment_intent_unexpected_state",
    });
  });

  it("captures part of a hold with amount_to_capture and releases the rest, once", async () => {
    const { stripe, emu } = await setup();
    const hold = { mode: "payment" as const, line_items: [oneTime(4000)], success_url: `${APP_URL}/ok`, payment_intent_data: { capture_method: "manual" as const } };
    const session = await payCheckout(stripe, emu, hold);
    const piId = session.payment_intent as string;
    await emu.deliverPending();
    // More than was authorised is refused, naming the parameter; nothing is captured.
    await expect(stripe.paymentIntents.capture(piId, { amount_to_capture: 4001 })).rejects.toMatchObject({ statusCode: 400, param: "amount_to_capture" });
    expect((await stripe.paymentIntents.retrieve(piId)).status).toBe("requires_capture");

    // A retried request with the same idempotency key is answered from the first; one capture, one event.
    const first = await stripe.paymentIntents.capture(piId, { amount_to_capture: 3000 }, { idempotencyKey: "grp-capture-1" });
    const replay = await stripe.paymentIntents.capture(piId, { amount_to_capture: 3000 }, { idempotencyKey: "grp-capture-1" });
    expect(replay.id).toBe(first.id);
    expect(first).toMatchObject({ status: "succeeded", amount: 4000, amount_received: 3000, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(first.latest_charge as string);
    expect(charge).toMatchObject({ captured: true, amount: 4000, amount_captured: 3000, amount_refunded: 1000, refunded: false });
    const results = await emu.deliverPending();
    expect(results.map((r) => r.type)).toEqual(["charge.captured", "payment_intent.succeeded"]);
    // Only one capture per authorisation: the difference cannot be taken later.
    await expect(stripe.paymentIntents.capture(piId, { amount_to_capture: 1000 })).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });
    // A refund can return what was captured, not the released remainder.
    await expect(stripe.refunds.create({ payment_intent: piId, amount: 3001 })).rejects.toMatchObject({ param: "amount" });
    const refund = await stripe.refunds.create({ payment_intent: piId });
    expect(refund.amount).toBe(3000);
  });

  it("serialises racing captures of one hold: exactly one succeeds", async () => {
    const { stripe, emu } = await setup();
    const session = await payCheckout(stripe, emu, {
      mode: "payment",
      line_items: [oneTime(3000)],
      success_url: `${APP_URL}/ok`,
      payment_intent_data: { capture_method: "manual" },
    });
    const piId = session.payment_intent as string;
    const retrying = new Stripe("sk_test_emulator", { httpClient: Stripe.createFetchHttpClient(emu.fetch), apiVersion: "2026-10-28.endive", maxNetworkRetries: 2 });
    const results = await Promise.allSettled([retrying.paymentIntents.capture(piId), retrying.paymentIntents.capture(piId), stripe.paymentIntents.capture(piId)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(["payment_intent_unexpected_state", "lock_timeout"]).toContain(r.reason.code);
    }
    const events = (await emu.listEvents()).filter((e) => e.type === "payment_intent.succeeded" && (e.data.object as Stripe.PaymentIntent).id === piId);
    expect(events).toHaveLength(1);
    expect((await stripe.charges.retrieve((await stripe.paymentIntents.retrieve(piId)).latest_charge as string)).amount_captured).toBe(3000);
  });

  it("cancels holds on request and when the authorisation lapses", async () => {
    const { stripe, emu } = await setup();
    const hold = { mode: "payment" as const, line_items: [oneTime(1500)], success_url: `${APP_URL}/ok`, payment_intent_data: { capture_method: "manual" as const } };
    const first = await payCheckout(stripe, emu, hold);
    const canceled = await stripe.paymentIntents.cancel(first.payment_intent as string);
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "requested_by_customer", amount_capturable: 0 });
    await expect(stripe.paymentIntents.capture(canceled.id)).rejects.toMatchObject({ code: "payment_intent_unexpected_state" });

    const second = await payCheckout(stripe, emu, hold);
    await emu.deliverPending();
    await emu.advanceHold(second.payment_intent as string);
    const lapsed = await stripe.paymentIntents.retrieve(second.payment_intent as string);
    expect(lapsed).toMatchObject({ status: "canceled", cancellation_reason: "automatic" });
    const events = await emu.listEvents();
    expect(events.at(-1)).toMatchObject({ type: "payment_intent.canceled", data: { object: { id: lapsed.id, cancellation_reason: "automatic" } } });

    const third = await payCheckout(stripe, emu, hold);
    const res = await post(emu, `/payment_intents/${third.payment_intent}/expire-hold`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "canceled", cancellation_reason: "automatic" });
    expect((await post(emu, `/payment_intents/${third.payment_intent}/expire-hold`)).status).toBe(400);

    const auto = await payCheckout(stripe, emu, { mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok` });
    await expect(stripe.paymentIntents.cancel(auto.payment_intent as string)).rejects.toMatchObject({ statusCode: 400, code: "payment_intent_unexpected_state" });
  });

  it("refunds partially, rejects over-refunds, and lists refunds", async () => {
    const { stripe, emu, types } = await setup();
    const s = await payCheckout(stripe, emu, { mode: "payment", line_items: [oneTime(2500)], success_url: `${APP_URL}/ok` });
    const piId = s.payment_intent as string;
    await emu.deliverPending();
    const r1 = await stripe.refunds.create({ payment_intent: piId, amount: 1000, metadata: { reason: "partial" } });
    expect(r1).toMatchObject({ object: "refund", status: "succeeded", amount: 1000, payment_intent: piId, metadata: { reason: "partial" } });
    expect(r1.id).toMatch(/^re_/);
    await expect(stripe.refunds.create({ payment_intent: piId, amount: 2000 })).rejects.toMatchObject({
      statusCode: 400,
      code: "amount_too_large",
      param: "amount",
    });
    const r2 = await stripe.refunds.create({ payment_intent: piId });
    expect(r2.amount).toBe(1500);
    const charge = await stripe.charges.retrieve(r2.charge as string);
    expect(charge).toMatchObject({ amount_refunded: 2500, refunded: true });
    await expect(stripe.refunds.create({ payment_intent: piId })).rejects.toMatchObject({ code: "charge_already_refunded" });
    expect((await stripe.refunds.retrieve(r1.id)).amount).toBe(1000);
    const list = await stripe.refunds.list({ payment_intent: piId });
    expect(list.data.map((r) => r.id)).toEqual([r2.id, r1.id]);
    await emu.deliverPending();
    expect(types().slice(-4)).toEqual(["refund.created", "charge.refunded", "refund.created", "charge.refunded"]);
  });

  it("expires sessions by API and by time; a non-open session cannot be paid", async () => {
    const { stripe, emu, types } = await setup();
    const s = await stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok` });
    const expired = await stripe.checkout.sessions.expire(s.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    await expect(stripe.checkout.sessions.expire(s.id)).rejects.toMatchObject({ statusCode: 400 });
    const pay = await post(emu, `/checkout/${s.id}/pay`);
    expect(pay.status).toBe(409);
    expect(await pay.text()).toContain("no longer be paid");
    await emu.deliverPending();
    expect(types()).toEqual(["checkout.session.expired"]);

    const done = await payCheckout(stripe, emu, { mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok` });
    await expect(stripe.checkout.sessions.expire(done.id)).rejects.toMatchObject({ statusCode: 400 });
    expect((await post(emu, `/checkout/${done.id}/pay`)).status).toBe(409);

    const t0 = Date.now();
    let now = t0;
    const timed = await setup({ now: () => new Date(now) });
    const later = await timed.stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok`, expires_at: Math.floor(t0 / 1000) + 3600 });
    now = t0 + 2 * 3600 * 1000;
    expect((await timed.stripe.checkout.sessions.retrieve(later.id)).status).toBe("expired");
    await expect(
      timed.stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], expires_at: Math.floor(now / 1000) + 60 }),
    ).rejects.toMatchObject({ param: "expires_at" });
  });

  it("declining keeps the session open and says so", async () => {
    const { stripe, emu, deliveries } = await setup();
    const s = await stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok` });
    const res = await post(emu, `/checkout/${s.id}/decline`);
    expect(res.status).toBe(303);
    const back = await emu.pages.request(res.headers.get("location")!.replace("/dev/stripe", ""));
    expect(await back.text()).toContain("Your card was declined");
    expect((await stripe.checkout.sessions.retrieve(s.id)).status).toBe("open");
    await emu.deliverPending();
    expect(deliveries).toHaveLength(0);
    expect((await emu.pages.request("/checkout/cs_test_missing")).status).toBe(404);
  });
});

describe("Stripe emulator: API behaviour", () => {
  it("replays idempotent requests without doing the work again", async () => {
    const { stripe, emu } = await setup();
    const email = `idem-${Date.now()}@example.com`;
    const a = await stripe.customers.create({ email }, { idempotencyKey: "cust-1" });
    const b = await stripe.customers.create({ email }, { idempotencyKey: "cust-1" });
    expect(b.id).toBe(a.id);
    expect((await stripe.customers.list({ email })).data).toHaveLength(1);
    await expect(stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: "cust-1" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
    });

    const s = await payCheckout(stripe, emu, { mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok` });
    const before = (await emu.listEvents()).length;
    const r1 = await stripe.refunds.create({ payment_intent: s.payment_intent as string, amount: 500 }, { idempotencyKey: "refund-1" });
    const r2 = await stripe.refunds.create({ payment_intent: s.payment_intent as string, amount: 500 }, { idempotencyKey: "refund-1" });
    expect(r2.id).toBe(r1.id);
    expect((await stripe.refunds.list({ payment_intent: s.payment_intent as string })).data).toHaveLength(1);
    expect((await emu.listEvents()).length).toBe(before + 2);
  });

  it("answers Stripe-shaped errors", async () => {
    const { stripe, emu } = await setup();
    const unknown = await emu.fetch("https://api.stripe.com/v1/nope", { headers: { authorization: "Bearer sk_test_x" } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { type: "invalid_request_error", code: "resource_missing" } });
    const noKey = await emu.fetch("https://api.stripe.com/v1/customers");
    expect(noKey.status).toBe(401);
    await expect(stripe.products.create({} as Stripe.ProductCreateParams)).rejects.toMatchObject({ statusCode: 400, code: "parameter_missing", param: "name" });
    await expect(
      stripe.checkout.sessions.create({ mode: "payment", line_items: [{ quantity: 1 }] }),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "line_items[0][price]" });
    await expect(
      stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price_data: { currency: "usd", product_data: { name: "x" } } as never, quantity: 1 }] }),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "line_items[0][price_data][unit_amount]" });
    await expect(stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    await expect(stripe.paymentIntents.retrieve("pi_missing")).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
  });

  it("manages customers, products and prices", async () => {
    const { stripe } = await setup();
    const c = await stripe.customers.create({ email: "grace@example.com", name: "Grace", metadata: { user_id: "u1", drop: "x" } });
    const updated = await stripe.customers.update(c.id, { name: "Grace H.", metadata: { drop: "" } });
    expect(updated).toMatchObject({ name: "Grace H.", metadata: { user_id: "u1" } });
    expect(updated.metadata.drop).toBeUndefined();
    expect((await stripe.customers.list({ email: "grace@example.com" })).data.map((x) => x.id)).toEqual([c.id]);

    const product = await stripe.products.create({ name: "Inner circle", metadata: { tier_id: "t1" } });
    expect(product.id).toMatch(/^prod_/);
    const monthly = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1200, recurring: { interval: "month" }, lookup_key: "inner_monthly", metadata: { tier_id: "t1" } });
    expect(monthly).toMatchObject({ type: "recurring", recurring: { interval: "month", interval_count: 1 }, unit_amount: 1200, active: true });
    expect(monthly.id).toMatch(/^price_/);
    await expect(stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1300, lookup_key: "inner_monthly" })).rejects.toMatchObject({ param: "lookup_key" });
    const moved = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 1300, recurring: { interval: "month" }, lookup_key: "inner_monthly", transfer_lookup_key: true });
    expect((await stripe.prices.retrieve(monthly.id)).lookup_key).toBeNull();
    await stripe.prices.update(monthly.id, { active: false });
    const active = await stripe.prices.list({ product: product.id, active: true });
    expect(active.data.map((p) => p.id)).toEqual([moved.id]);
    expect((await stripe.prices.list({ lookup_keys: ["inner_monthly"] })).data.map((p) => p.id)).toEqual([moved.id]);
    const renamed = await stripe.products.update(product.id, { name: "Inner circle+" });
    expect(renamed.name).toBe("Inner circle+");
    const expanded = await stripe.prices.retrieve(moved.id, { expand: ["product"] });
    expect((expanded.product as Stripe.Product).name).toBe("Inner circle+");
  });

  it("keeps failed deliveries pending, redelivers duplicates, and signs payloads", async () => {
    const { stripe, emu, deliveries, setStatus } = await setup();
    await payCheckout(stripe, emu, { mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok`, payment_intent_data: { capture_method: "manual" } });
    // Pay delivered already; make the app fail on the next events.
    const s2 = await stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok` });
    await stripe.checkout.sessions.expire(s2.id);
    setStatus(503);
    const failed = await emu.deliverPending();
    expect(failed).toEqual([expect.objectContaining({ type: "checkout.session.expired", status: 503, delivered: false })]);
    setStatus(200);
    const retried = await emu.deliverPending();
    expect(retried).toEqual([expect.objectContaining({ eventId: failed[0].eventId, status: 200, delivered: true })]);
    const again = await emu.redeliver(failed[0].eventId);
    expect(again).toMatchObject({ eventId: failed[0].eventId, status: 200 });
    const copies = deliveries.filter((d) => d.event.id === failed[0].eventId);
    expect(copies).toHaveLength(3);
    expect((await verify(copies[2])).id).toBe(failed[0].eventId);

    const events = (await (await emu.pages.request("/events")).json()) as { data: Array<{ id: string; delivery: { attempts: number } }> };
    expect(events.data.find((e) => e.id === failed[0].eventId)?.delivery.attempts).toBe(3);
    const viaPage = await post(emu, `/events/${failed[0].eventId}/redeliver`);
    expect(viaPage.status).toBe(200);
    expect((await post(emu, "/events/evt_missing/redeliver")).status).toBe(404);

    const header = await emu.signPayload('{"id":"evt_x","object":"event"}');
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it("skips the delivery run, and its query, when nothing was queued since the last one", async () => {
    const counter = countingD1(env.STRIPE_EMULATOR_DB!);
    const { stripe, emu, deliveries } = await setup();
    const counted = createStripeEmulator({ db: counter.db, appUrl: APP_URL, webhookSecret: SECRET, deliver: async () => new Response("ok") });
    // Every request in `npm run dev` asks for delivery; with nothing queued it costs nothing.
    counter.reset();
    expect(await counted.deliverPending()).toEqual([]);
    expect(counter.reset().statements).toBe(0);
    // A Stripe call that queues an event makes the next run read (and deliver) it.
    const session = await stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok` });
    await stripe.checkout.sessions.expire(session.id);
    expect((await emu.deliverPending()).map((r) => r.type)).toEqual(["checkout.session.expired"]);
    expect(deliveries.map((d) => d.event.type)).toEqual(["checkout.session.expired"]);
    counter.reset();
    expect(await counted.deliverPending()).toEqual([]);
    expect(counter.reset().statements).toBe(0);
  });

  it("lets the app call back into the emulator while an event is delivered (like the dev entry)", async () => {
    await (await setup()).emu.deliverPending();
    const seen: string[] = [];
    // The "app": on checkout.session.completed it captures the hold and, as the dev entry's
    // afterStripeCall hook does, asks for delivery again, awaiting it: no deadlock.
    const emu = createStripeEmulator({
      db: env.STRIPE_EMULATOR_DB!,
      appUrl: APP_URL,
      webhookSecret: SECRET,
      deliver: async (req) => {
        const event = JSON.parse(await req.text()) as Stripe.Event;
        seen.push(event.type);
        if (event.type === "checkout.session.completed") {
          await stripe.paymentIntents.capture((event.data.object as Stripe.Checkout.Session).payment_intent as string);
          await emu.deliverPending();
        }
        return new Response("ok");
      },
    });
    const stripe = new Stripe("sk_test_emulator", { httpClient: Stripe.createFetchHttpClient(emu.fetch), apiVersion: "2026-10-28.endive" });
    const s = await stripe.checkout.sessions.create({ mode: "payment", line_items: [oneTime()], success_url: `${APP_URL}/ok`, payment_intent_data: { capture_method: "manual" } });
    expect((await post(emu, `/checkout/${s.id}/pay`)).status).toBe(303);
    expect(seen).toEqual(["checkout.session.completed", "payment_intent.amount_capturable_updated", "charge.captured", "payment_intent.succeeded"]);
    await expect(emu.deliverPending()).resolves.toEqual([]);
  });
});
