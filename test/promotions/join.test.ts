import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, promotionCodes } from "../../drizzle";
import { createPromotionCode } from "../../src/promotions/codes";
import { promotionCodeCreateSchema } from "../../src/promotions/schemas";
import { linkFor } from "../../src/referrals/links";
import { decideApplication } from "../../src/review/decisions";
import { call, payCheckout, postForm, signIn, tools } from "../helpers";
import { applyAndPay, growthCommunity, offer, payingMember } from "../referrals/helpers";

async function approvedApplicant(email: string, opts: { referral?: boolean } = {}) {
  const { deps } = tools();
  const { community, tier, questionId } = await growthCommunity();
  let token: string | null = null;
  if (opts.referral) {
    await payingMember(community, tier, `host-${email}`, questionId);
    token = (await linkFor(deps, community, `host-${email}`)).token;
  }
  const { app } = await applyAndPay(community, questionId, token, email);
  await decideApplication(deps, community, { applicationId: app.id, decision: "approve", actor: "owner@example.com" });
  return { community, tier, cookie: await signIn(email) };
}

describe("discounts on the first membership invoice", { timeout: 30_000 }, () => {
  it("a tier code lowers the first invoice at Checkout, is counted once, and other tiers' or used-up codes are refused", async () => {
    const { deps } = tools();
    const { community, tier, cookie } = await approvedApplicant("tia@example.com");
    const code = await createPromotionCode(deps, community, promotionCodeCreateSchema.parse({ code: "WELCOME", target: "tier", tierId: tier.id, percentOff: 50, maxRedemptions: 1 }), "owner@example.com");
    const page = await (await call(`/c/${community.slug}/join`, { cookie })).text();
    expect(page).toContain("Promotion code (optional)");
    const wrong = await postForm(`/c/${community.slug}/join`, { tier_id: tier.id, interval: "month", promotion_code: "NOPE" }, cookie);
    expect(wrong.status).toBe(400);
    const res = await postForm(`/c/${community.slug}/join`, { tier_id: tier.id, interval: "month", promotion_code: "welcome" }, cookie);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    const session = await deps.stripe.checkout.sessions.retrieve(new URL(location).pathname.split("/").pop()!);
    expect(session).toMatchObject({ amount_subtotal: 2900, amount_total: 1450 });
    await payCheckout(location);
    await tools().emulator.deliverPending();
    const m = (await deps.db.query.memberships.findFirst({ where: eq(memberships.email, "tia@example.com") }))!;
    expect(m.status).toBe("active");
    const invoice = (await deps.stripe.invoices.list({ subscription: m.stripeSubscriptionId! })).data[0]!;
    expect(invoice).toMatchObject({ amount_paid: 1450, subtotal: 2900 });
    expect((await deps.db.query.promotionCodes.findFirst({ where: eq(promotionCodes.id, code.id) }))).toMatchObject({ redeemed: 1, revenue: 1450, discountTotal: 1450 });

    // Used up: the next person is refused before any Checkout opens.
    const next = await approvedApplicant("tom@example.com");
    const late = await createPromotionCode(deps, next.community, promotionCodeCreateSchema.parse({ code: "ONE", target: "tier", tierId: next.tier.id, amountOff: 900, maxRedemptions: 1 }), "owner@example.com");
    await deps.db.update(promotionCodes).set({ redeemed: 1 }).where(eq(promotionCodes.id, late.id));
    const refused = await postForm(`/c/${next.community.slug}/join`, { tier_id: next.tier.id, interval: "month", promotion_code: "ONE" }, next.cookie);
    expect(refused.status).toBe(409);
    expect(await deps.db.query.memberships.findFirst({ where: eq(memberships.email, "tom@example.com") })).toBeUndefined();
  });

  it("a referral offer on the first month is shown on the join page and charged at Checkout", async () => {
    const { deps } = tools();
    const { community, tier, cookie } = await approvedApplicant("uma@example.com", { referral: true });
    await offer(community, { refereeTarget: "first_month", refereePercentOff: 25 });
    const page = await (await call(`/c/${community.slug}/join`, { cookie })).text();
    expect(page).toContain("A member invited you: your first payment is 25% off ($21.75 instead of $29.00 for the first month)");
    const res = await postForm(`/c/${community.slug}/join`, { tier_id: tier.id, interval: "month" }, cookie);
    const session = await deps.stripe.checkout.sessions.retrieve(new URL(res.headers.get("location")!).pathname.split("/").pop()!);
    expect(session.amount_total).toBe(2175);
  });
});
