import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { promotionCodes, referralPrograms } from "../../drizzle";
import { call, tools } from "../helpers";
import { api, expectError, json, session } from "../api/helpers";
import { growthCommunity, payingMember } from "./helpers";

describe("referrals and promotion codes API", { timeout: 30_000 }, () => {
  it("a member makes, reads and withdraws their link; an outsider gets 403", async () => {
    const { community, tier, questionId } = await growthCommunity();
    await payingMember(community, tier, "ava@example.com", questionId);
    const auth = await session("ava@example.com");
    const base = `/communities/${community.slug}/referral-link`;
    expect(await json(await api(base, { auth }))).toMatchObject({ url: null, totals: { brought: 0 }, referrals: [] });
    const made = await json(await api(base, { method: "POST", auth }));
    expect(made.url).toMatch(/\/r\/[0-9a-z]{32}$/);
    expect((await json(await api(base, { method: "POST", auth }))).url).toBe(made.url);
    expect((await call(new URL(made.url).pathname)).status).toBe(303);
    expect((await json(await api(base, { method: "DELETE", auth }))).url).toBeNull();
    expect((await call(new URL(made.url).pathname)).status).toBe(410);
    await expectError(await api(base, { auth: await session("nobody@example.com") }), 403, "forbidden");
    await expectError(await api(base), 401, "unauthenticated");
  });

  it("owners set the offer and create codes; bad input is a 400 naming each field, nothing written", async () => {
    const { community, tier } = await growthCommunity();
    const other = await growthCommunity();
    const owner = await session("owner@example.com");
    const offer = `/communities/${community.slug}/referral-offer`;
    const good = { active: true, refereeTarget: "fee", refereePercentOff: 20, refereeAmountOff: null, rewardKind: "credit", rewardValue: 0, refundWindowDays: 30 };
    expect(await expectError(await api(offer, { method: "PUT", auth: owner, body: { ...good, refereePercentOff: 150 } }), 400, "validation_failed")).toEqual(["refereePercentOff"]);
    expect(await expectError(await api(offer, { method: "PUT", auth: owner, body: { ...good, refereePercentOff: null, refereeAmountOff: -100 } }), 400, "validation_failed")).toEqual(["refereeAmountOff"]);
    expect(await expectError(await api(offer, { method: "PUT", auth: owner, body: { ...good, bonus: 1 } }), 400, "validation_failed")).toEqual(["bonus"]);
    const { deps } = tools();
    expect(await deps.db.query.referralPrograms.findFirst({ where: eq(referralPrograms.communityId, community.id) })).toBeUndefined();
    expect(await json(await api(offer, { method: "PUT", auth: owner, body: good }))).toMatchObject(good);
    const board = await json(await api(`/communities/${community.slug}/referrals`, { auth: owner }));
    expect(board).toMatchObject({ offer: good, totals: { referrers: 0, joined: 0 }, leaderboard: [] });

    const codes = `/communities/${community.slug}/promotion-codes`;
    const bad: [Record<string, unknown>, string[]][] = [
      [{ code: "X1", target: "fee", percentOff: 10 }, ["code"]],
      [{ code: "NEG", target: "fee", amountOff: -500 }, ["amountOff"]],
      [{ code: "MUCH", target: "fee", percentOff: 101 }, ["percentOff"]],
      [{ code: "BOTH", target: "fee", percentOff: 10, amountOff: 100 }, ["percentOff"]],
      [{ code: "OTHER", target: "tier", tierId: other.tier.id, percentOff: 10 }, ["tierId"]],
      [{ code: "PAST", target: "fee", percentOff: 10, expiresAt: "2001-01-01T00:00:00Z" }, ["expiresAt"]],
    ];
    for (const [body, fields] of bad) expect(await expectError(await api(codes, { method: "POST", auth: owner, body }), 400, "validation_failed")).toEqual(fields);
    expect(await deps.db.select().from(promotionCodes).where(eq(promotionCodes.communityId, community.id))).toHaveLength(0);
    const created = await api(codes, { method: "POST", auth: owner, body: { code: "vip", target: "tier", tierId: tier.id, percentOff: 10, maxRedemptions: 5 } });
    expect(created.status).toBe(201);
    const code = await json(created);
    expect(code).toMatchObject({ code: "VIP", target: "tier", redeemed: 0, revenue: 0, active: true });
    await expectError(await api(codes, { method: "POST", auth: owner, body: { code: "VIP", target: "fee", percentOff: 5 } }), 409, "conflict");
    expect((await json(await api(codes, { auth: owner }))).codes).toHaveLength(1);
    // Another community's owner cannot stop it through their own community.
    await expectError(await api(`/communities/${other.community.slug}/promotion-codes/${code.id}/deactivate`, { method: "POST", auth: owner }), 404, "not_found");
    expect((await json(await api(`${codes}/${code.id}/deactivate`, { method: "POST", auth: owner }))).active).toBe(false);
    await expectError(await api(codes, { auth: await session("ava2@example.com") }), 403, "forbidden");
  });

  it("the OpenAPI document describes the new endpoints", async () => {
    const doc = await json(await api("/openapi.json"));
    for (const path of ["/communities/{slug}/referral-link", "/communities/{slug}/referral-offer", "/communities/{slug}/referrals", "/communities/{slug}/promotion-codes", "/communities/{slug}/promotion-codes/{id}/deactivate"]) {
      expect(doc.paths[path], path).toBeTruthy();
    }
    expect(doc.components.schemas.PromotionCodeCreate).toBeTruthy();
  });
});
