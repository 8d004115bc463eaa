import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { applicationEvents, applications, emails, moneyActions, type FeePolicy } from "../../drizzle";
import { decideApplication } from "../../src/review/decisions";
import { call, makeCommunity, payCheckout, postForm, tools, latestEmail } from "../helpers";

async function appliedAndPaid(policy: FeePolicy) {
  const { community, questionIds } = await makeCommunity({ feeAmount: 2500, feePolicy: policy });
  const email = `a-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const res = await postForm(`/c/${community.slug}/apply`, { name: "Ann", email, accept_rules: "yes", [`q_${questionIds[0]}`]: "Founder" });
  expect(res.status).toBe(303);
  const back = await payCheckout(res.headers.get("location")!);
  expect(back).toContain("checkout=success");
  await tools().emulator.deliverPending();
  const { deps } = tools();
  const app = (await deps.db.query.applications.findFirst({ where: eq(applications.email, email) }))!;
  return { community, app, email, back };
}

async function stripeState(paymentIntentId: string) {
  const { deps } = tools();
  const intent = await deps.stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  const refunds = await deps.stripe.refunds.list({ payment_intent: paymentIntentId });
  return { intent, refunds: refunds.data };
}

async function moneyRows(applicationId: string) {
  return tools().deps.db.select().from(moneyActions).where(eq(moneyActions.applicationId, applicationId));
}

const cases: { policy: FeePolicy; afterPay: string; approve: { payment: string; intent: string; refunds: number; action?: string }; reject: { payment: string; intent: string; refunds: number; action?: string } }[] = [
  { policy: "non_refundable", afterPay: "paid", approve: { payment: "paid", intent: "succeeded", refunds: 0 }, reject: { payment: "paid", intent: "succeeded", refunds: 0 } },
  { policy: "refund_on_rejection", afterPay: "paid", approve: { payment: "paid", intent: "succeeded", refunds: 0 }, reject: { payment: "refunded", intent: "succeeded", refunds: 1, action: "refund" } },
  { policy: "authorize_capture", afterPay: "held", approve: { payment: "captured", intent: "succeeded", refunds: 0, action: "capture" }, reject: { payment: "released", intent: "canceled", refunds: 0, action: "release" } },
];

describe.each(cases)("fee policy $policy", ({ policy, afterPay, approve, reject }) => {
  for (const [decision, expected] of [["approve", approve], ["reject", reject]] as const) {
    it(`${decision}: money moves exactly once, even when clicked twice and raced`, async () => {
      const { community, app, email, back } = await appliedAndPaid(policy);
      expect(app.status).toBe("under_review");
      expect(app.paymentStatus).toBe(afterPay);
      expect((await latestEmail(email, "payment_received"))?.subject).toContain("Payment received");
      const statusPage = await (await call(new URL(back, "http://x").pathname + "?checkout=success")).text();
      expect(statusPage).toContain("Your application is in review");

      const { deps } = tools();
      const input = { applicationId: app.id, decision, reason: decision === "reject" ? "Not a fit right now" : null, actor: "owner@example.com" };
      // Two tabs at once, then a late double click.
      const raced = await Promise.allSettled([decideApplication(deps, community, input), decideApplication(deps, community, input)]);
      const again = await decideApplication(deps, community, input);
      expect(again.changed).toBe(false);
      const changed = raced.filter((r) => r.status === "fulfilled" && r.value.changed).length;
      expect(changed).toBe(1);
      await tools().emulator.deliverPending();

      const final = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
      expect(final.status).toBe(decision === "approve" ? "approved" : "rejected");
      expect(final.paymentStatus).toBe(expected.payment);
      const stripe = await stripeState(final.paymentIntentId!);
      expect(stripe.intent.status).toBe(expected.intent);
      expect(stripe.refunds).toHaveLength(expected.refunds);
      const rows = await moneyRows(app.id);
      expect(rows.map((r) => `${r.kind}:${r.status}`)).toEqual(expected.action ? [`${expected.action}:done`] : []);
      if (expected.action === "capture") expect(stripe.intent.amount_received).toBe(2500);
      const mail = await latestEmail(email, `decision_${final.status}`);
      expect(mail).toBeTruthy();
      if (decision === "reject") expect(mail!.text).toContain("Not a fit right now");
      // The losing click wrote neither a timeline line nor an email (both are guarded by the winner's decision).
      const decisionMails = await deps.db.select().from(emails).where(and(eq(emails.to, email), eq(emails.kind, `decision_${final.status}`)));
      expect(decisionMails).toHaveLength(1);
      const lines = await deps.db.select().from(applicationEvents).where(and(eq(applicationEvents.applicationId, app.id), eq(applicationEvents.kind, final.status)));
      expect(lines).toHaveLength(1);
      expect(lines[0]!.detail).toEqual(decision === "reject" ? { reason: "Not a fit right now" } : {});
    });
  }
});

describe("payment edge cases", () => {
  it("an abandoned checkout can be retried; an open session is reused, never doubled", async () => {
    const { community, questionIds } = await makeCommunity({ feeAmount: 1500 });
    const email = "retry@example.com";
    const res = await postForm(`/c/${community.slug}/apply`, { name: "Re", email, accept_rules: "yes", [`q_${questionIds[0]}`]: "PM" });
    const first = res.headers.get("location")!;
    const { deps, emulator } = tools();
    const app = (await deps.db.query.applications.findFirst({ where: eq(applications.email, email) }))!;
    // Paying again while the first session is open returns the same session.
    const retryOpen = await call(`/a/${app.statusToken}/pay`, { method: "POST" });
    expect(retryOpen.headers.get("location")).toBe(first);
    // The session expires (abandoned): the status page offers a retry, which opens a new session.
    await deps.stripe.checkout.sessions.expire(app.checkoutSessionId!);
    await emulator.deliverPending();
    const expired = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
    expect(expired.paymentStatus).toBe("checkout_expired");
    const page = await (await call(`/a/${app.statusToken}`)).text();
    expect(page).toContain("Pay $15.00 application fee");
    const retry = await call(`/a/${app.statusToken}/pay`, { method: "POST" });
    const second = retry.headers.get("location")!;
    expect(second).not.toBe(first);
    await payCheckout(second);
    await emulator.deliverPending();
    const paid = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
    expect(paid).toMatchObject({ status: "under_review", paymentStatus: "paid", checkoutAttempts: 2 });
  });

  it("an expired hold marks the application so the applicant can authorize again", async () => {
    const { community, app, email } = await appliedAndPaid("authorize_capture");
    const { deps, emulator } = tools();
    await emulator.advanceHold(app.paymentIntentId!);
    await emulator.deliverPending();
    const lapsed = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
    expect(lapsed).toMatchObject({ status: "expired", paymentStatus: "hold_expired" });
    expect(await latestEmail(email, "hold_expired")).toBeTruthy();
    await expect(decideApplication(deps, community, { applicationId: app.id, decision: "approve", actor: "o" })).rejects.toThrow(/cannot be approved/);
    const retry = await call(`/a/${app.statusToken}/pay`, { method: "POST" });
    expect(retry.status).toBe(303);
    await payCheckout(retry.headers.get("location")!);
    await emulator.deliverPending();
    const again = (await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!;
    expect(again).toMatchObject({ status: "under_review", paymentStatus: "held" });
    expect(again.paymentIntentId).not.toBe(app.paymentIntentId);
  });

  it("rejecting an unpaid application closes its checkout; nothing can be charged afterwards", async () => {
    const { community, questionIds } = await makeCommunity({ feeAmount: 1000, feePolicy: "non_refundable" });
    const res = await postForm(`/c/${community.slug}/apply`, { name: "Un", email: "unpaid@example.com", accept_rules: "yes", [`q_${questionIds[0]}`]: "PM" });
    const checkout = res.headers.get("location")!;
    const { deps } = tools();
    const app = (await deps.db.query.applications.findFirst({ where: eq(applications.email, "unpaid@example.com") }))!;
    await decideApplication(deps, community, { applicationId: app.id, decision: "reject", actor: "owner@example.com" });
    const session = await deps.stripe.checkout.sessions.retrieve(app.checkoutSessionId!);
    expect(session.status).toBe("expired");
    const pay = await call(`${new URL(checkout).pathname}/pay`, { method: "POST" });
    expect(pay.status).toBe(409);
  });
});
