import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { emails, gifts, memberships } from "../../drizzle";
import { devClock } from "../../src/dev/clock";
import { giftEnd } from "../../src/gifts/lifecycle";
import { accessFor } from "../../src/memberships/access";
import { decideApplication } from "../../src/review/decisions";
import { createTier } from "../../src/tiers/service";
import { call, makeCommunity, payCheckout, postForm, tools } from "../helpers";
import { runCron } from "../jobs";
import { memberTier } from "../tiers/helpers";

afterEach(() => devClock.reset());

async function giftCommunity() {
  const { community, questionIds } = await makeCommunity({ feeAmount: 2500, feePolicy: "non_refundable" });
  const tier = await createTier(tools().deps, community.id, memberTier({ monthlyAmount: 2900 }), "owner@example.com");
  return { community, questionIds, tier };
}
type GiftCommunity = Awaited<ReturnType<typeof giftCommunity>>;

const unique = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@example.com`;

async function buyGift(c: GiftCommunity, recipientEmail: string, months = 3) {
  const res = await postForm(`/c/${c.community.slug}/gift`, { tierId: c.tier.id, months: String(months), recipientName: "Sam", recipientEmail, buyerEmail: unique("buyer"), message: "Enjoy" });
  expect(res.status, await res.clone().text()).toBe(303);
  const back = await payCheckout(res.headers.get("location")!);
  await tools().emulator.deliverPending();
  const gift = (await tools().deps.db.query.gifts.findFirst({ where: eq(gifts.recipientEmail, recipientEmail) }))!;
  return { gift, back };
}

async function applyAndPay(c: GiftCommunity, email: string) {
  const res = await postForm(`/c/${c.community.slug}/apply`, { name: "Sam", email, accept_rules: "yes", [`q_${c.questionIds[0]}`]: "Designer" });
  await payCheckout(res.headers.get("location")!);
  await tools().emulator.deliverPending();
  const { deps } = tools();
  return (await deps.db.query.applications.findFirst({ where: (a, { eq: is }) => is(a.email, email) }))!;
}

const giftNow = async (id: string) => (await tools().deps.db.query.gifts.findFirst({ where: eq(gifts.id, id) }))!;
const mailCount = async (to: string, kind: string) => (await tools().deps.db.select().from(emails).where(and(eq(emails.to, to), eq(emails.kind, kind)))).length;

describe("gifts", () => {
  it("a gift starts on approval, lets the recipient in without paying, and ends on time", async () => {
    const c = await giftCommunity();
    const recipient = unique("sam");
    const { gift, back } = await buyGift(c, recipient, 3);
    expect(gift).toMatchObject({ status: "paid", amount: 3 * 2900, months: 3 });
    expect(await (await call(new URL(back).pathname)).text()).toContain("Refund this gift");
    // Every event again: the recipient is told once.
    for (const e of (await tools().emulator.listEvents()).reverse()) await tools().emulator.redeliver(e.id);
    expect(await mailCount(recipient, "gift_received")).toBe(1);

    const app = await applyAndPay(c, recipient);
    const { deps } = tools();
    const approvedAt = deps.now();
    const input = { applicationId: app.id, decision: "approve" as const, reason: null, actor: "owner@example.com" };
    await Promise.all([decideApplication(deps, c.community, input), decideApplication(deps, c.community, input)]);
    const started = await giftNow(gift.id);
    expect(started.status).toBe("redeemed");
    const rows = await deps.db.select().from(memberships).where(and(eq(memberships.communityId, c.community.id), eq(memberships.email, recipient)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "active", comped: true, tierId: c.tier.id, id: started.membershipId });
    const expectedEnd = giftEnd(approvedAt, 3).getTime();
    expect(Math.abs(started.endsAt!.getTime() - expectedEnd)).toBeLessThan(60_000);
    expect(rows[0]!.currentPeriodEnd!.getTime()).toBe(started.endsAt!.getTime());
    expect((await accessFor(deps, c.community, recipient, deps.now())).role).toBe("member");

    // A day before the end nothing changes; after it, the membership ends once and the member is asked to subscribe.
    devClock.advance(started.endsAt!.getTime() - Date.now() - 86_400_000);
    await runCron();
    expect((await giftNow(gift.id)).status).toBe("redeemed");
    devClock.advance(2 * 86_400_000);
    await Promise.all([runCron(), runCron()]);
    await runCron();
    expect((await giftNow(gift.id)).status).toBe("ended");
    const ended = (await deps.db.select().from(memberships).where(eq(memberships.id, started.membershipId!)))[0]!;
    expect(ended).toMatchObject({ status: "canceled", endedReason: "Gift ended" });
    expect((await accessFor(deps, c.community, recipient, deps.now())).role).toBe("none");
    expect(await mailCount(recipient, "gift_ended")).toBe(1);
    const mail = (await deps.db.select().from(emails).where(and(eq(emails.to, recipient), eq(emails.kind, "gift_ended"))))[0]!;
    expect(mail.text).toContain(`/c/${c.community.slug}/join`);
  });

  it("refunds a gift automatically, once, when the recipient is not approved", async () => {
    const c = await giftCommunity();
    const recipient = unique("rej");
    const { gift } = await buyGift(c, recipient);
    const app = await applyAndPay(c, recipient);
    const { deps } = tools();
    const input = { applicationId: app.id, decision: "reject" as const, reason: "Not now", actor: "owner@example.com" };
    await Promise.all([decideApplication(deps, c.community, input), decideApplication(deps, c.community, input)]);
    await runCron();
    const refunded = await giftNow(gift.id);
    expect(refunded.status).toBe("refunded");
    expect(refunded.refundId).toBeTruthy();
    const refunds = await deps.stripe.refunds.list({ payment_intent: refunded.paymentIntentId! });
    expect(refunds.data.map((r) => r.amount)).toEqual([gift.amount]);
    expect(await deps.db.select().from(memberships).where(eq(memberships.email, recipient))).toEqual([]);
  });

  it("the buyer can refund before the gift starts (twice clicked, refunded once), not after", async () => {
    const c = await giftCommunity();
    const { gift } = await buyGift(c, unique("ref"));
    const [a, b] = await Promise.all([call(`/gifts/${gift.token}/refund`, { method: "POST" }), call(`/gifts/${gift.token}/refund`, { method: "POST" })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    const after = await giftNow(gift.id);
    expect(after.status).toBe("refunded");
    const refunds = await tools().deps.stripe.refunds.list({ payment_intent: after.paymentIntentId! });
    expect(refunds.data).toHaveLength(1);

    const recipient = unique("started");
    const { gift: second } = await buyGift(c, recipient);
    const app = await applyAndPay(c, recipient);
    await decideApplication(tools().deps, c.community, { applicationId: app.id, decision: "approve", reason: null, actor: "owner@example.com" });
    const late = await call(`/gifts/${second.token}/refund`, { method: "POST" });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("This gift has started");
    expect((await giftNow(second.id)).status).toBe("redeemed");
  });

  it("refuses bad orders with the field named and writes nothing", async () => {
    const c = await giftCommunity();
    const other = await giftCommunity();
    const base = { tierId: c.tier.id, months: "3", recipientName: "Sam", recipientEmail: unique("bad"), buyerEmail: unique("buyer") };
    const cases: [Record<string, string>, string][] = [
      [{ months: "0" }, "Choose 1 to 12 months"],
      [{ months: "13" }, "Choose 1 to 12 months"],
      [{ months: "many" }, "Choose 1 to 12 months"],
      [{ tierId: other.tier.id }, "public tiers"],
      [{ tierId: "nope" }, "public tiers"],
      [{ recipientEmail: "not-an-email" }, "Enter the recipient"],
      [{ recipientName: "" }, "name is required"],
    ];
    for (const [patch, message] of cases) {
      const res = await postForm(`/c/${c.community.slug}/gift`, { ...base, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(await res.text()).toContain(message);
    }
    // Smuggling a price is refused by name.
    const priced = await postForm(`/c/${c.community.slug}/gift`, { ...base, amount: "1" });
    expect(priced.status).toBe(400);
    // A recipient who is already a member.
    const member = unique("member");
    const { deps } = tools();
    const now = deps.now();
    await deps.db.insert(memberships).values({ id: `mem_${crypto.randomUUID().slice(0, 8)}`, communityId: c.community.id, email: member, tierId: c.tier.id, status: "active", comped: true, joinedAt: now, createdAt: now, updatedAt: now });
    const already = await postForm(`/c/${c.community.slug}/gift`, { ...base, recipientEmail: member });
    expect(already.status).toBe(409);
    expect(await deps.db.select().from(gifts).where(eq(gifts.communityId, c.community.id))).toEqual([]);
  });
});
