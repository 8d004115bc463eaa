import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { auditLog, memberships } from "../../drizzle";
import { removeMember } from "../../src/members/service";
import { setStaffRole } from "../../src/communities/service";
import { accessFor } from "../../src/memberships/access";
import { tools } from "../helpers";
import { auditRows, membershipRow, OWNER, refundsOf, setupCommunity, subscribe, uniqueEmail } from "./helpers";

describe("removing a member", () => {
  it("ends access at once, cancels the subscription and refunds the current period once", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const email = uniqueEmail("spammer");
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, email);
    expect((await accessFor(deps, community, email, deps.now())).role).toBe("member");

    const outcome = await removeMember(deps, community, membership.id, { refund: true }, OWNER, "Posted spam twice");
    expect(outcome.changed).toBe(true);
    expect(outcome.billing).toMatchObject({ canceled: "now", error: null, refund: { amount: 1200, currency: "usd", created: true } });

    const row = await membershipRow(membership.id);
    expect(row).toMatchObject({ status: "removed", endedReason: "Posted spam twice" });
    expect(row.endedAt).toBeInstanceOf(Date);
    expect((await accessFor(deps, community, email, deps.now())).role).toBe("none");
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    const refunds = await refundsOf(subscriptionId);
    expect(refunds.map((r) => r.id)).toEqual([outcome.billing!.refund!.id]);
    expect(refunds[0]!.metadata).toMatchObject({ membership_id: membership.id });

    const [removed] = await auditRows(community.id, "member.removed");
    expect(removed).toMatchObject({ actor: OWNER, subject: email, reason: "Posted spam twice" });
    expect(removed!.detail).toMatchObject({ membershipId: membership.id, refundRequested: true, subscriptionId });
    const [billing] = await auditRows(community.id, "member.billing");
    expect(billing!.detail).toMatchObject({ membershipId: membership.id, subscriptionCanceled: true, refundId: refunds[0]!.id, refundAmount: 1200 });

    // A second identical call changes nothing and moves no money.
    const again = await removeMember(deps, community, membership.id, { refund: true }, OWNER, "Posted spam twice");
    expect(again.changed).toBe(false);
    expect(again.billing).toMatchObject({ canceled: "already", refund: { id: refunds[0]!.id, created: false } });
    expect(await refundsOf(subscriptionId)).toHaveLength(1);
    expect(await auditRows(community.id, "member.removed")).toHaveLength(1);
    expect(await auditRows(community.id, "member.billing")).toHaveLength(1);
  });

  it("removes once and refunds once when two removals race", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, uniqueEmail("racer"));
    const results = await Promise.all([
      removeMember(deps, community, membership.id, { refund: true }, OWNER, "Harassment"),
      removeMember(deps, community, membership.id, { refund: true }, OWNER, "Harassment"),
      removeMember(deps, community, membership.id, { refund: true }, "co-owner@example.com", "Harassment"),
    ]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await refundsOf(subscriptionId)).toHaveLength(1);
    expect(await auditRows(community.id, "member.removed")).toHaveLength(1);
    expect((await membershipRow(membership.id)).status).toBe("removed");
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
  });

  it("without a refund cancels only; a comped member without a subscription is just removed", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, uniqueEmail("quiet"));
    const outcome = await removeMember(deps, community, membership.id, { refund: false }, OWNER, "Asked to leave");
    expect(outcome.billing).toMatchObject({ canceled: "now", refund: null });
    expect(await refundsOf(subscriptionId)).toHaveLength(0);

    const now = deps.now();
    const [comped] = await deps.db
      .insert(memberships)
      .values({ id: `mem_comped${Date.now()}`, communityId: community.id, email: uniqueEmail("guest"), tierId: basic.id, status: "active", comped: true, createdAt: now, updatedAt: now })
      .returning();
    const plain = await removeMember(deps, community, comped!.id, { refund: true }, OWNER, "Guest period over");
    expect(plain).toMatchObject({ changed: true, billing: { canceled: "none", refund: null, error: null } });
    expect((await membershipRow(comped!.id)).status).toBe("removed");
  });

  it("also takes away a moderator role, so access really ends", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const email = uniqueEmail("mod");
    const { membership } = await subscribe(community, basic.prices.month!, email);
    await setStaffRole(deps, community.id, email, "moderator");
    expect((await accessFor(deps, community, email, deps.now())).role).toBe("moderator");
    await removeMember(deps, community, membership.id, { refund: false }, OWNER, "Abused moderator powers");
    expect((await accessFor(deps, community, email, deps.now())).role).toBe("none");
    expect(await auditRows(community.id, "member.demoted")).toHaveLength(1);
  });

  it("keeps the member removed when Stripe fails, reports it, and a retry finishes the job", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const email = uniqueEmail("unlucky");
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, email);
    const down = () => Promise.reject(new Error("Stripe is unreachable"));
    const failing = { ...deps, stripe: { subscriptions: { retrieve: down, cancel: down } } as unknown as Stripe };

    const outcome = await removeMember(failing, community, membership.id, { refund: true }, OWNER, "Chargeback fraud");
    expect(outcome).toMatchObject({ changed: true, billing: { error: "Stripe is unreachable", canceled: "none" } });
    expect((await membershipRow(membership.id)).status).toBe("removed");
    expect((await accessFor(deps, community, email, deps.now())).role).toBe("none");
    const [failed] = await auditRows(community.id, "member.billing_failed");
    expect(failed!.detail).toMatchObject({ membershipId: membership.id, error: "Stripe is unreachable" });
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("active");

    const retry = await removeMember(deps, community, membership.id, { refund: true }, OWNER, "Chargeback fraud");
    expect(retry).toMatchObject({ changed: false, billing: { canceled: "now", error: null, refund: { created: true } } });
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    expect(await refundsOf(subscriptionId)).toHaveLength(1);
    expect(await auditRows(community.id, "member.removed")).toHaveLength(1);
  });

  it("stays removed when the subscription webhooks arrive afterwards", async () => {
    const { deps, emulator } = tools();
    const { community, basic } = await setupCommunity();
    const email = uniqueEmail("late-events");
    const { membership } = await subscribe(community, basic.prices.month!, email);
    await removeMember(deps, community, membership.id, { refund: true }, OWNER, "Spam");
    await emulator.deliverPending(); // checkout completed, subscription created and deleted, invoice paid, refund
    expect((await membershipRow(membership.id)).status).toBe("removed");
    expect((await accessFor(deps, community, email, deps.now())).role).toBe("none");
  });

  it("requires a reason and writes nothing without one", async () => {
    const { deps } = tools();
    const { community, basic } = await setupCommunity();
    const { membership, subscriptionId } = await subscribe(community, basic.prices.month!, uniqueEmail("kept"));
    await expect(removeMember(deps, community, membership.id, { refund: true }, OWNER, "   ")).rejects.toMatchObject({
      status: 400,
      code: "validation_failed",
      details: [{ field: "reason", message: expect.any(String) }],
    });
    expect((await membershipRow(membership.id)).status).toBe("active");
    expect(await deps.db.select().from(auditLog).where(eq(auditLog.subject, membership.email))).toHaveLength(0);
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("active");
  });

  it("refuses a membership of another community and one that already ended", async () => {
    const { deps } = tools();
    const a = await setupCommunity();
    const b = await setupCommunity();
    const { membership } = await subscribe(a.community, a.basic.prices.month!, uniqueEmail("other"));
    await expect(removeMember(deps, b.community, membership.id, { refund: false }, OWNER, "x")).rejects.toMatchObject({ status: 404 });
    await deps.db.update(memberships).set({ status: "canceled" }).where(eq(memberships.id, membership.id));
    await expect(removeMember(deps, a.community, membership.id, { refund: false }, OWNER, "x")).rejects.toMatchObject({ status: 409 });
  });
});

describe("the emulator's invoice payments (what a period refund needs)", () => {
  it("lists the payment of a paid subscription invoice, refundable by its PaymentIntent", async () => {
    const { deps } = tools();
    const { community, core } = await setupCommunity();
    const { subscriptionId } = await subscribe(community, core.prices.month!, uniqueEmail("payer"));
    const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
    const list = await deps.stripe.invoicePayments.list({ invoice: sub.latest_invoice as string, status: "paid" });
    expect(list.data).toHaveLength(1);
    const payment = list.data[0]!;
    expect(payment).toMatchObject({ object: "invoice_payment", invoice: sub.latest_invoice, amount_paid: 3000, status: "paid", is_default: true, payment: { type: "payment_intent" } });
    const again = await deps.stripe.invoicePayments.list({ invoice: sub.latest_invoice as string });
    expect(again.data.map((p) => p.id)).toEqual([payment.id]);
    expect((await deps.stripe.invoicePayments.retrieve(payment.id)).id).toBe(payment.id);
    const intent = await deps.stripe.paymentIntents.retrieve(payment.payment.payment_intent as string, { expand: ["latest_charge"] });
    expect(intent).toMatchObject({ status: "succeeded", amount_received: 3000, currency: "usd" });
    expect((intent.latest_charge as Stripe.Charge).captured).toBe(true);
  });
});
