import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { applications, stripeEvents } from "../../drizzle";
import { call, makeCommunity, payCheckout, postForm, tools } from "../helpers";

async function sendSigned(payload: string, signature?: string) {
  const sig = signature ?? (await tools().emulator.signPayload(payload));
  return call("/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": sig } });
}

/** Applies, pays on the emulator, and returns the queued (undelivered) events. */
async function paidButUndelivered(policy: "non_refundable" | "authorize_capture" = "non_refundable") {
  const { community, questionIds } = await makeCommunity({ feeAmount: 2000, feePolicy: policy });
  const email = `w-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const { emulator, deps } = tools();
  await emulator.deliverPending();
  const before = new Set((await emulator.listEvents()).map((e) => e.id));
  const res = await postForm(`/c/${community.slug}/apply`, { name: "Web", email, accept_rules: "yes", [`q_${questionIds[0]}`]: "Dev" });
  expect(res.status).toBe(303);
  const sessionId = new URL(res.headers.get("location")!).pathname.split("/").pop()!;
  // Press Pay without the page's own delivery: the test sends the events itself.
  await payCheckout(res.headers.get("location")!, { deliver: false });
  const events = (await emulator.listEvents()).filter((e) => !before.has(e.id));
  const app = (await deps.db.query.applications.findFirst({ where: eq(applications.email, email) }))!;
  return { app, events, sessionId, community };
}

describe("POST /webhooks/stripe", () => {
  it("rejects a missing or bad signature with 400 and changes nothing", async () => {
    const payload = JSON.stringify({ id: "evt_forged", object: "event", type: "checkout.session.completed", created: 1, data: { object: {} } });
    const missing = await call("/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json" } });
    expect(missing.status).toBe(400);
    expect((await missing.json<{ error: { code: string } }>()).error.code).toBe("invalid_signature");
    const forged = await sendSigned(payload, "t=1,v1=deadbeef");
    expect(forged.status).toBe(400);
    // A valid signature over a different body does not carry over.
    const sig = await tools().emulator.signPayload(payload);
    const tampered = await sendSigned(payload.replace("evt_forged", "evt_other"), sig);
    expect(tampered.status).toBe(400);
    const [{ n }] = await tools().deps.db.select({ n: count() }).from(stripeEvents);
    expect(n).toBe(0);
  });

  it("answers 200 to unknown event types and ignores them", async () => {
    const payload = JSON.stringify({ id: "evt_unknown_1", object: "event", type: "customer.tax_id.created", created: 1, data: { object: { id: "txi_1", object: "tax_id" } } });
    const res = await sendSigned(payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, outcome: "ignored" });
  });

  it("processes each event once; a duplicate is a no-op", async () => {
    const { app, events } = await paidButUndelivered();
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    const payload = JSON.stringify(completed);
    const first = await sendSigned(payload);
    expect(await first.json()).toMatchObject({ outcome: "processed" });
    const second = await sendSigned(payload);
    expect(await second.json()).toMatchObject({ outcome: "duplicate" });
    const { deps } = tools();
    const after = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
    expect(after).toMatchObject({ status: "under_review", paymentStatus: "paid" });
    const timeline = await deps.db.query.applicationEvents.findMany({ where: (e, { eq }) => eq(e.applicationId, app.id) });
    expect(timeline.filter((e) => e.kind === "payment_paid")).toHaveLength(1);
  });

  it("ends in Stripe's state whatever the order of events", async () => {
    const { app, events } = await paidButUndelivered("authorize_capture");
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const e of [...events].reverse()) expect((await sendSigned(JSON.stringify(e))).status).toBe(200);
    const { deps } = tools();
    const after = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
    expect(after).toMatchObject({ status: "under_review", paymentStatus: "held" });
    // A stale event replayed after the money moved cannot move the application back.
    const { decideApplication } = await import("../../src/review/decisions");
    const community = await deps.db.query.communities.findFirst({ where: (c, { eq }) => eq(c.id, app.communityId) });
    await decideApplication(deps, community!, { applicationId: app.id, decision: "approve", actor: "owner@example.com" });
    const stale = { ...events.find((e) => e.type === "checkout.session.completed")!, id: "evt_stale_replay" };
    expect((await sendSigned(JSON.stringify(stale))).status).toBe(200);
    const final = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
    expect(final).toMatchObject({ status: "approved", paymentStatus: "captured" });
  });
});

describe("POST /webhooks/stripe: envelopes, strangers and races", () => {
  const envelope = (over: Record<string, unknown>) =>
    JSON.stringify({ id: `evt_${crypto.randomUUID()}`, object: "event", type: "checkout.session.completed", created: 1_700_000_000, data: { object: { id: "cs_x", object: "checkout.session" } }, ...over });

  it("finds no handler for event types named like JavaScript built-ins", async () => {
    for (const type of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__"]) {
      const res = await sendSigned(envelope({ type }));
      expect(res.status, type).toBe(200);
      expect(await res.json(), type).toMatchObject({ outcome: "ignored" });
    }
  });

  it("answers 400 to a signed but malformed envelope, and claims nothing", async () => {
    const bodies = [
      "null",
      "[]",
      "not json",
      JSON.stringify({ id: "evt_no_data", type: "checkout.session.completed", created: 1 }),
      envelope({ data: null }),
      envelope({ data: {} }),
      envelope({ data: { object: null } }),
      envelope({ data: { object: { object: "checkout.session" } } }),
      envelope({ id: undefined }),
      envelope({ id: 42 }),
      envelope({ created: undefined }),
      envelope({ created: "yesterday" }),
      envelope({ type: 7 }),
    ];
    for (const body of bodies) {
      const res = await sendSigned(body);
      expect(res.status, body).toBe(400);
      expect((await res.json<{ error: { code: string } }>()).error.code, body).toMatch(/bad_request|validation_failed/);
    }
    const [{ n }] = await tools().deps.db.select({ n: count() }).from(stripeEvents).where(eq(stripeEvents.id, "evt_no_data"));
    expect(n).toBe(0);
  });

  it("answers 200 to events about Stripe objects that are not ours, so Stripe stops retrying", async () => {
    const cases = [
      envelope({ type: "checkout.session.completed", data: { object: { id: "cs_not_ours", object: "checkout.session", mode: "subscription" } } }),
      envelope({ type: "checkout.session.expired", data: { object: { id: "cs_not_ours_2", object: "checkout.session", mode: "payment" } } }),
      envelope({ type: "customer.subscription.updated", data: { object: { id: "sub_not_ours", object: "subscription" } } }),
      envelope({ type: "invoice.paid", data: { object: { id: "in_not_ours", object: "invoice", parent: { subscription_details: { subscription: "sub_not_ours" } } } } }),
      envelope({ type: "payment_intent.succeeded", data: { object: { id: "pi_not_ours", object: "payment_intent", metadata: {} } } }),
    ];
    for (const body of cases) {
      const res = await sendSigned(body);
      expect(res.status, body).toBe(200);
    }
  });

  it("runs the handlers of one event once when two deliveries arrive together", async () => {
    const { app, events } = await paidButUndelivered();
    const completed = events.find((e) => e.type === "checkout.session.completed")!;
    const payload = JSON.stringify(completed);
    const responses = await Promise.all([sendSigned(payload), sendSigned(payload)]);
    const outcomes = await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json<{ outcome?: string }>() })));
    expect(outcomes.filter((o) => o.body.outcome === "processed")).toHaveLength(1);
    // The other one either saw it done (200 duplicate) or in progress (409: Stripe retries later).
    for (const o of outcomes.filter((o) => o.body.outcome !== "processed")) expect([200, 409]).toContain(o.status);
    const retry = await sendSigned(payload);
    expect(await retry.json()).toMatchObject({ outcome: "duplicate" });
    const after = (await tools().deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
    expect(after).toMatchObject({ status: "under_review", paymentStatus: "paid" });
  });

  it("does not act on a stale checkout.session.expired: Stripe says the session is open", async () => {
    const { community, questionIds } = await makeCommunity({ feeAmount: 2000 });
    const res = await postForm(`/c/${community.slug}/apply`, { name: "Stale", email: `stale-${crypto.randomUUID().slice(0, 6)}@example.com`, accept_rules: "yes", [`q_${questionIds[0]}`]: "Dev" });
    expect(res.status).toBe(303);
    const sessionId = new URL(res.headers.get("location")!).pathname.split("/").pop()!;
    const session = await tools().deps.stripe.checkout.sessions.retrieve(sessionId);
    const forged = envelope({ type: "checkout.session.expired", data: { object: { ...session, status: "expired" } } });
    expect((await sendSigned(forged)).status).toBe(200);
    const app = (await tools().deps.db.query.applications.findFirst({ where: eq(applications.checkoutSessionId, sessionId) }))!;
    expect(app.paymentStatus).toBe("unpaid");
  });
});
