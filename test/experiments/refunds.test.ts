import { describe, expect, it } from "vitest";
import { and, eq, like } from "drizzle-orm";
import { applications, auditLog, experimentConversions, memberships } from "../../drizzle";
import { refundToLowest } from "../../src/experiments/refunds";
import { promoteVariant, stopExperiment } from "../../src/experiments/service";
import { decideApplication } from "../../src/review/decisions";
import { payCheckout, tools } from "../helpers";
import { api, session } from "../api/helpers";
import { approve } from "../memberships/helpers";
import { applyAndPay, applyAs, feeExperiment, joinCookie, OWNER, postJoin, tierExperiment, uniqueEmail, variantsOf, visitLanding, visitorIn } from "./helpers";
import { runCron } from "../jobs";

async function refundsOf(paymentIntent: string) {
  return (await tools().deps.stripe.refunds.list({ payment_intent: paymentIntent })).data;
}

async function refundAudit(experimentId: string) {
  return tools().deps.db.select().from(auditLog).where(and(eq(auditLog.subject, experimentId), eq(auditLog.action, "experiment.refund_to_lowest")));
}

async function markers(experimentId: string) {
  return tools().deps.db.select().from(experimentConversions).where(and(eq(experimentConversions.experimentId, experimentId), like(experimentConversions.source, "lowest-refund:%")));
}

describe("refund down to the lowest tested price", { timeout: 20_000 }, () => {
  it("refunds each higher fee the difference once when the owner stops the test", async () => {
    const made = await feeExperiment({ prices: [2500, 4000, 6000], refundToLowest: true });
    const payers = [];
    for (const index of [0, 1, 2]) payers.push(await applyAndPay({ made, index }));
    const [low, mid, high] = payers.map((p) => p.app);

    const res = await api(`/communities/${made.community.slug}/experiments/${made.experiment.id}/stop`, { method: "POST", auth: await session(OWNER), body: { reason: "Enough data" } });
    expect(res.status).toBe(200);
    expect((await refundsOf(low.paymentIntentId!)).map((r) => r.amount)).toEqual([]);
    expect((await refundsOf(mid.paymentIntentId!)).map((r) => r.amount)).toEqual([1500]);
    expect((await refundsOf(high.paymentIntentId!)).map((r) => r.amount)).toEqual([3500]);
    expect((await variantsOf(made.experiment.id)).map((v) => [v.conversions, v.revenue])).toEqual([[1, 2500], [1, 2500], [1, 2500]]);
    const audit = await refundAudit(made.experiment.id);
    expect(audit.map((a) => a.detail.refunded).sort()).toEqual([1500, 3500]);
    expect(audit.every((a) => a.actor === "auto")).toBe(true);

    // The refund webhooks leave the applications paid; running everything again refunds nothing more.
    const { deps, emulator } = tools();
    await emulator.deliverPending();
    for (const app of [mid, high]) expect((await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!.paymentStatus).toBe("paid");
    expect(await refundToLowest(deps, made.experiment.id)).toEqual({ refunded: 0, amount: 0, failed: 0 });
    await runCron(new Date());
    await stopExperiment(deps, made.community, made.experiment.id, OWNER);
    expect((await refundsOf(mid.paymentIntentId!)).length + (await refundsOf(high.paymentIntentId!)).length).toBe(2);
    expect(await refundAudit(made.experiment.id)).toHaveLength(2);
  }, 20_000);

  it("refunds a payment that arrives after the stop (Checkout opened before it), from the cron trigger", async () => {
    const made = await feeExperiment({ refundToLowest: true });
    const visitor = visitorIn(made.experiment, made.variants, 1);
    await visitLanding(made.community.slug, visitor);
    const res = await applyAs(made.community.slug, visitor, { name: "Late", email: uniqueEmail("late"), accept_rules: "yes", [`q_${made.questionIds[0]}`]: "PM" });
    const { deps, emulator } = tools();
    await stopExperiment(deps, made.community, made.experiment.id, OWNER);
    await payCheckout(res.headers.get("location")!);
    await emulator.deliverPending();
    const app = (await deps.db.query.applications.findFirst({ where: and(eq(applications.communityId, made.community.id), eq(applications.visitorId, visitor)) }))!;
    expect(app.feeAmount).toBe(4000);
    expect(await refundsOf(app.paymentIntentId!)).toHaveLength(0);
    // The cron queues the stopped experiment's refunds; the consumer makes them, once.
    expect((await runCron(deps.now())).experimentRefunds).toBe(1);
    expect((await runCron(deps.now())).experimentRefunds).toBe(0);
    expect((await refundsOf(app.paymentIntentId!)).map((r) => r.amount)).toEqual([1500]);
  });

  it("skips a fee already refunded in full, and does nothing without the policy", async () => {
    const made = await feeExperiment({ refundToLowest: true, policy: "refund_on_rejection" });
    const { app } = await applyAndPay({ made, index: 1 });
    const { deps, emulator } = tools();
    await decideApplication(deps, made.community, { applicationId: app.id, decision: "reject", reason: "No", actor: OWNER });
    await emulator.deliverPending();
    await stopExperiment(deps, made.community, made.experiment.id, OWNER);
    expect(await refundToLowest(deps, made.experiment.id)).toEqual({ refunded: 0, amount: 0, failed: 0 });
    expect((await refundsOf(app.paymentIntentId!)).map((r) => r.amount)).toEqual([4000]);
    expect((await markers(made.experiment.id)).map((m) => m.amount)).toEqual([0]);

    const plain = await feeExperiment();
    const paid = await applyAndPay({ made: plain, index: 1 });
    await stopExperiment(deps, plain.community, plain.experiment.id, OWNER);
    expect(await refundToLowest(deps, plain.experiment.id)).toEqual({ refunded: 0, amount: 0, failed: 0 });
    expect(await refundsOf(paid.app.paymentIntentId!)).toHaveLength(0);
  });

  it("refunds part of a tier's first invoice payment when a winner is promoted", async () => {
    const made = await tierExperiment({ refundToLowest: true });
    const email = uniqueEmail("member");
    await approve(made.community, email);
    const res = await postJoin(made.community.slug, await joinCookie(email, visitorIn(made.experiment, made.variants, 1)), { tier_id: made.tier.id, interval: "month" });
    await payCheckout(res.headers.get("location")!, { deliver: false });
    const { deps, emulator } = tools();
    await emulator.deliverPending();
    const m = (await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, made.community.id), eq(memberships.email, email)) }))!;
    expect(m.status).toBe("active");

    // Promoting runs the refund policy itself; running it again finds nothing left to do.
    await promoteVariant(deps, made.community, made.experiment.id, made.variants[1].id, OWNER);
    expect(await refundToLowest(deps, made.experiment.id)).toEqual({ refunded: 0, amount: 0, failed: 0 });
    const [invoice] = (await deps.stripe.invoices.list({ subscription: m.stripeSubscriptionId! })).data;
    const [payment] = (await deps.stripe.invoicePayments.list({ invoice: invoice.id!, status: "paid" })).data;
    const refunds = await refundsOf(payment.payment.payment_intent as string);
    expect(refunds.map((r) => [r.amount, r.metadata?.purpose])).toEqual([[2000, "refund_to_lowest_tested_price"]]);
    expect((await variantsOf(made.experiment.id))[1].revenue).toBe(2900);
    await emulator.deliverPending();
    expect((await deps.db.query.memberships.findFirst({ where: eq(memberships.id, m.id) }))!.status).toBe("active");
  });
});
