import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications, memberPoints, memberships, referrals, referrerTotals, stripeCustomers } from "../../drizzle";
import { decideApplication } from "../../src/review/decisions";
import { linkFor } from "../../src/referrals/links";
import { rewardOnFirstPayment } from "../../src/referrals/rewards";
import { call, tools } from "../helpers";
import { joinAndPay } from "../memberships/helpers";
import { applyAndPay, balanceOf, cookiesOf, growthCommunity, offer, payingMember, resend } from "./helpers";

async function customerOf(email: string) {
  return (await tools().deps.db.query.stripeCustomers.findFirst({ where: eq(stripeCustomers.email, email) }))!.stripeCustomerId;
}

async function referralOf(email: string) {
  return (await tools().deps.db.query.referrals.findFirst({ where: eq(referrals.referredEmail, email) }))!;
}

async function firstInvoicePayment(subscriptionId: string) {
  const { deps } = tools();
  const invoice = (await deps.stripe.invoices.list({ subscription: subscriptionId })).data.at(-1)!;
  const payments = await deps.stripe.invoicePayments.list({ invoice: invoice.id });
  return { invoice, intentId: payments.data[0]!.payment.payment_intent as string };
}

/** A referrer, an offer, and a friend who came through the link, paid the offered fee and was approved. */
async function referredAndApproved(tag: string) {
  const { deps } = tools();
  const { community, tier, questionId } = await growthCommunity();
  const referrer = `rita-${tag}@example.com`;
  const friend = `fred-${tag}@example.com`;
  await payingMember(community, tier, referrer, questionId);
  await offer(community);
  const link = await linkFor(deps, community, referrer);

  // The landing page through the link shows the offer and the fee Checkout will charge.
  const visit = await call(`/r/${link.token}`);
  expect(visit.status).toBe(303);
  expect(visit.headers.get("location")).toBe(`/c/${community.slug}`);
  const landing = await (await call(`/c/${community.slug}`, { cookie: cookiesOf(visit) })).text();
  expect(landing).toContain("invited you");
  expect(landing).toContain("you pay $20.00 instead of $25.00");
  expect(landing).toContain("Continue to payment ($20.00)");
  expect(landing).toContain("Save $58.00 a year by paying yearly");

  const { app, session } = await applyAndPay(community, questionId, link.token, friend);
  expect(session.amount_total).toBe(2000);
  expect(session.amount_subtotal).toBe(2500);
  expect(app).toMatchObject({ feeAmount: 2000, paymentStatus: "paid", status: "under_review" });
  expect(await referralOf(friend)).toMatchObject({ status: "applied", referrerEmail: referrer, discountAmount: 500 });
  await decideApplication(deps, community, { applicationId: app.id, decision: "approve", actor: "owner@example.com" });
  return { community, tier, referrer, friend };
}

describe("referral rewards", { timeout: 30_000 }, () => {
  it("are granted once when the friend is approved and pays their first invoice, under duplicated webhooks and double clicks, and taken back once on refund", async () => {
    const { deps } = tools();
    const { community, tier, referrer, friend } = await referredAndApproved("a");
    // Approved but not yet paid for membership: nothing yet.
    expect((await referralOf(friend)).status).toBe("applied");
    const { subscriptionId } = await joinAndPay(community, tier, friend);
    await tools().emulator.deliverPending();
    const rewarded = await referralOf(friend);
    expect(rewarded).toMatchObject({ status: "rewarded", rewardKind: "credit", rewardAmount: 2900, firstPaymentAmount: 2900 });
    const customer = await customerOf(referrer);
    expect(await balanceOf(customer)).toBe(-2900);

    // The same notification again under new ids, and two handlers racing: still one credit.
    const { invoice, intentId } = await firstInvoicePayment(subscriptionId);
    await resend("invoice.paid", invoice.id);
    await Promise.all([rewardOnFirstPayment(deps, subscriptionId), rewardOnFirstPayment(deps, subscriptionId)]);
    expect(await balanceOf(customer)).toBe(-2900);
    expect((await deps.stripe.customers.listBalanceTransactions(customer)).data).toHaveLength(1);
    const totals = await deps.db.query.referrerTotals.findFirst({ where: and(eq(referrerTotals.communityId, community.id), eq(referrerTotals.email, referrer)) });
    expect(totals).toMatchObject({ brought: 1, joined: 1, discountTotal: 500, creditTotal: 2900, revenue: 2900 });

    // The friend's first month is refunded: the credit is taken back, once.
    await deps.stripe.refunds.create({ payment_intent: intentId });
    await tools().emulator.deliverPending();
    const charge = (await deps.stripe.paymentIntents.retrieve(intentId)).latest_charge as string;
    await resend("charge.refunded", charge);
    expect((await referralOf(friend)).status).toBe("reversed");
    expect(await balanceOf(customer)).toBe(0);
    expect((await deps.stripe.customers.listBalanceTransactions(customer)).data.map((t) => t.amount).sort()).toEqual([-2900, 2900]);
    const after = await deps.db.query.referrerTotals.findFirst({ where: and(eq(referrerTotals.communityId, community.id), eq(referrerTotals.email, referrer)) });
    expect(after).toMatchObject({ brought: 1, joined: 0, creditTotal: 0, revenue: 0 });
  });

  it("a first payment refunded before its events arrive never grants the reward (reordered webhooks)", async () => {
    const { deps } = tools();
    const { community, tier, referrer, friend } = await referredAndApproved("b");
    const { subscriptionId } = await joinAndPay(community, tier, friend);
    // Refund lands before invoice.paid is delivered.
    const { intentId } = await firstInvoicePayment(subscriptionId);
    await deps.stripe.refunds.create({ payment_intent: intentId });
    await tools().emulator.deliverPending();
    expect((await referralOf(friend)).status).toBe("void");
    expect(await balanceOf(await customerOf(referrer))).toBe(0);
  });

  it("a coupon reward goes on the referrer's subscription and comes off on refund", async () => {
    const { deps } = tools();
    const { community, tier, referrer, friend } = await referredAndApproved("c");
    await offer(community, { rewardKind: "coupon", rewardValue: 50 });
    const { subscriptionId } = await joinAndPay(community, tier, friend);
    await tools().emulator.deliverPending();
    const referral = await referralOf(friend);
    expect(referral).toMatchObject({ status: "rewarded", rewardKind: "coupon", rewardAmount: 50 });
    const mine = (await deps.db.query.memberships.findFirst({ where: and(eq(memberships.email, referrer), eq(memberships.status, "active")) }))!;
    expect((await deps.stripe.subscriptions.retrieve(mine.stripeSubscriptionId!)).discounts).toHaveLength(1);
    const { intentId } = await firstInvoicePayment(subscriptionId);
    await deps.stripe.refunds.create({ payment_intent: intentId });
    await tools().emulator.deliverPending();
    expect((await referralOf(friend)).status).toBe("reversed");
    expect((await deps.stripe.subscriptions.retrieve(mine.stripeSubscriptionId!)).discounts).toHaveLength(0);
  });

  it("a points reward lands in the referrer's level ledger once and leaves it on refund", async () => {
    const { deps } = tools();
    const { community, tier, referrer, friend } = await referredAndApproved("p");
    await offer(community, { rewardKind: "points", rewardValue: 25 });
    const { subscriptionId } = await joinAndPay(community, tier, friend);
    await tools().emulator.deliverPending();
    // A replayed delivery changes nothing.
    await tools().emulator.deliverPending();
    expect(await referralOf(friend)).toMatchObject({ status: "rewarded", rewardKind: "points", rewardAmount: 25 });
    const pointsOf = async () => (await deps.db.query.memberPoints.findFirst({ where: and(eq(memberPoints.communityId, community.id), eq(memberPoints.email, referrer)) }))?.points ?? 0;
    expect(await pointsOf()).toBe(25);
    const { intentId } = await firstInvoicePayment(subscriptionId);
    await deps.stripe.refunds.create({ payment_intent: intentId });
    await tools().emulator.deliverPending();
    expect((await referralOf(friend)).status).toBe("reversed");
    expect(await pointsOf()).toBe(0);
  });

  it("nothing is granted while the referred person is not approved", async () => {
    const { deps } = tools();
    const { community, tier, questionId } = await growthCommunity();
    await payingMember(community, tier, "rosa@example.com", questionId);
    await offer(community);
    const link = await linkFor(deps, community, "rosa@example.com");
    const { app } = await applyAndPay(community, questionId, link.token, "nora@example.com");
    await decideApplication(deps, community, { applicationId: app.id, decision: "reject", reason: "Not now", actor: "owner@example.com" });
    expect((await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) }))!.status).toBe("rejected");
    expect((await referralOf("nora@example.com")).status).toBe("applied");
  });
});
