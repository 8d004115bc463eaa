import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications, promotionCodes, promotionRedemptions, type Community } from "../../drizzle";
import { createPromotionCode } from "../../src/promotions/codes";
import { promotionCodeCreateSchema } from "../../src/promotions/schemas";
import { call, payCheckout, postForm, signIn, tools } from "../helpers";
import { applyAs, feeExperiment, variantsOf, visitorIn } from "../experiments/helpers";
import { applyAndPay, applyThrough, growthCommunity } from "../referrals/helpers";

async function code(community: Community, input: Record<string, unknown>) {
  return createPromotionCode(tools().deps, community, promotionCodeCreateSchema.parse({ target: "fee", ...input }), "owner@example.com");
}

async function applicationsIn(communityId: string) {
  const [row] = await tools().deps.db.select({ n: count() }).from(applications).where(eq(applications.communityId, communityId));
  return row!.n;
}

describe("promotion codes", { timeout: 30_000 }, () => {
  it("at their redemption limit under concurrency: exactly the limit gets in, never over, and the rest are refused with nothing written", async () => {
    const { deps } = tools();
    const { community, questionId } = await growthCommunity();
    const made = await code(community, { code: "spring25", percentOff: 25, maxRedemptions: 3 });
    expect(made.code).toBe("SPRING25");
    const promo = await deps.stripe.promotionCodes.retrieve(made.stripePromotionCodeId);
    expect(promo).toMatchObject({ max_redemptions: 3, active: true, promotion: { type: "coupon", coupon: made.stripeCouponId } });

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => applyThrough(community, questionId, null, `p${i}@example.com`, { promotion_code: "Spring25" })),
    );
    const statuses = results.map((r) => r.res.status).sort();
    expect(statuses).toEqual([303, 303, 303, 409, 409, 409, 409, 409]);
    const refused = results.find((r) => r.res.status === 409)!;
    expect(await refused.res.text()).toContain("The code SPRING25 has been used up");
    expect(await applicationsIn(community.id)).toBe(3);
    const row = (await deps.db.query.promotionCodes.findFirst({ where: eq(promotionCodes.id, made.id) }))!;
    expect(row).toMatchObject({ redeemed: 3, discountTotal: 3 * 625 });
    const [uses] = await deps.db.select({ n: count() }).from(promotionRedemptions).where(eq(promotionRedemptions.codeId, made.id));
    expect(uses!.n).toBe(3);

    // The admitted pay the discounted fee at Checkout; the code's revenue counts what was charged, once.
    const admitted = results.filter((r) => r.res.status === 303);
    const location = admitted[0]!.res.headers.get("location")!;
    const session = await deps.stripe.checkout.sessions.retrieve(new URL(location).pathname.split("/").pop()!);
    expect(session).toMatchObject({ amount_subtotal: 2500, amount_total: 1875, discounts: [{ promotion_code: made.stripePromotionCodeId }] });
    await payCheckout(location);
    await tools().emulator.deliverPending();
    for (const e of await tools().emulator.listEvents()) await tools().emulator.redeliver(e.id);
    expect((await deps.db.query.promotionCodes.findFirst({ where: eq(promotionCodes.id, made.id) }))!.revenue).toBe(1875);
    expect((await deps.stripe.promotionCodes.retrieve(made.stripePromotionCodeId)).times_redeemed).toBe(1);

    // The owner sees uses and revenue.
    const owner = await signIn("owner@example.com");
    const html = await (await call(`/c/${community.slug}/admin/codes`, { cookie: owner })).text();
    expect(html).toMatch(/data-testid="used-SPRING25">\s*3\s*of 3/);
    expect(html).toContain("$18.75");
  });

  it("a person uses a code once: a second application with it is refused", async () => {
    const { community, questionId } = await growthCommunity();
    await code(community, { code: "ONCE10", amountOff: 1000 });
    const first = await applyAndPay(community, questionId, null, "once@example.com", { promotion_code: "ONCE10" });
    expect(first.session.amount_total).toBe(1500);
    // Rejected, then applying again with the same code.
    await tools().deps.db.update(applications).set({ status: "rejected" }).where(eq(applications.id, first.app.id));
    const again = await applyThrough(community, questionId, null, "once@example.com", { promotion_code: "ONCE10" });
    expect(again.res.status).toBe(409);
    expect(await again.res.text()).toContain("already used the code ONCE10");
  });

  it("expired codes, other communities' codes, tier codes on the fee and malformed codes are refused with a 400 naming the field", async () => {
    const { deps } = tools();
    const { community, tier, questionId } = await growthCommunity();
    const other = await growthCommunity();
    const expiring = await code(community, { code: "SOON", percentOff: 10, expiresAt: new Date(deps.now().getTime() + 3_600_000) });
    await deps.db.update(promotionCodes).set({ expiresAt: new Date(deps.now().getTime() - 1000) }).where(eq(promotionCodes.id, expiring.id));
    await code(other.community, { code: "THEIRS", percentOff: 50 });
    await code(community, { code: "TIERONLY", target: "tier", tierId: tier.id, percentOff: 50 });
    const cases: [string, string][] = [
      ["SOON", "The code SOON has expired"],
      ["THEIRS", "The code THEIRS is not valid here"],
      ["TIERONLY", "The code TIERONLY is for another tier"],
      ["no spaces!", "Letters, digits, - and _ only"],
    ];
    for (const [typed, message] of cases) {
      const { res } = await applyThrough(community, questionId, null, `x-${typed.length}@example.com`, { promotion_code: typed });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('href="#promotion_code"');
    }
    expect(await applicationsIn(community.id)).toBe(0);
  });

  it("bad codes are refused by the owner's form with each field named, and nothing is created", async () => {
    const { community, tier } = await growthCommunity();
    const other = await growthCommunity();
    const owner = await signIn("owner@example.com");
    const post = (fields: Record<string, string>) => postForm(`/c/${community.slug}/admin/codes`, { code: "GOOD", target: "fee", percentOff: "", amountOff: "", expiresAt: "", maxRedemptions: "", ...fields }, owner);
    const bad: [Record<string, string>, string][] = [
      [{ percentOff: "120" }, "At most 100%"],
      [{ percentOff: "-5" }, "At least 1%"],
      [{ amountOff: "-5" }, "cannot be negative"],
      [{ percentOff: "10", amountOff: "5" }, "Give either a percentage or an amount off"],
      [{}, "Give either a percentage or an amount off"],
      [{ percentOff: "10", maxRedemptions: "0" }, "At least 1"],
      [{ percentOff: "10", expiresAt: "2001-01-01" }, "Must be in the future"],
      [{ percentOff: "10", target: `tier:${other.tier.id}` }, "Not a tier of this community"],
      [{ amountOff: "30.00" }, "More than the application fee"],
    ];
    for (const [fields, message] of bad) {
      const res = await post(fields);
      expect([400, 409]).toContain(res.status);
      expect(await res.text()).toContain(message);
    }
    const { deps } = tools();
    expect(await deps.db.select().from(promotionCodes).where(eq(promotionCodes.communityId, community.id))).toHaveLength(0);
    expect((await post({ percentOff: "10", target: `tier:${tier.id}` })).status).toBe(303);
    const dup = await post({ percentOff: "15" });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain("The code GOOD already exists");
    const rows = await deps.db.select().from(promotionCodes).where(and(eq(promotionCodes.communityId, community.id), eq(promotionCodes.code, "GOOD")));
    expect(rows).toHaveLength(1);
  });

  it("a running fee experiment counts revenue net of codes", async () => {
    const { community, questionIds, experiment, variants } = await feeExperiment({ prices: [2500, 4000] });
    await code(community, { code: "HALF", percentOff: 50 });
    const visitor = visitorIn(experiment, variants, 1);
    const res = await applyAs(community.slug, visitor, { name: "Vi", email: "vi@example.com", accept_rules: "yes", [`q_${questionIds[0]}`]: "Writer", promotion_code: "HALF" });
    expect(res.status).toBe(303);
    await payCheckout(res.headers.get("location")!);
    await tools().emulator.deliverPending();
    const [, b] = await variantsOf(experiment.id);
    expect([b!.conversions, b!.revenue]).toEqual([1, 2000]);
  });
});
