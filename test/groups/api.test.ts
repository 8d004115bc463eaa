import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applicationGroups, gifts, groupOffers } from "../../drizzle";
import { createTier } from "../../src/tiers/service";
import { makeCommunity, payCheckout, signIn, tools } from "../helpers";
import { api, expectError, json } from "../api/helpers";
import { memberTier } from "../tiers/helpers";
import { applicant, groupCommunity } from "./helpers";

describe("groups API", () => {
  it("lets owners set the offer and names the bad field for groups of 1 or 50 and discounts over the fee", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500 });
    const path = `/communities/${community.slug}/group-offer`;
    const good = { enabled: true, size: 3, groupFee: 1500, hours: 48, onUnfilled: "capture_full" };
    await expectError(await api(path, { method: "PUT", body: good }), 401, "unauthenticated");
    const owner = await signIn("owner@example.com");
    expect(await expectError(await api(path, { method: "PUT", body: { ...good, size: 1 }, auth: owner }), 400, "validation_failed")).toEqual(["size"]);
    expect(await expectError(await api(path, { method: "PUT", body: { ...good, size: 50 }, auth: owner }), 400, "validation_failed")).toEqual(["size"]);
    expect(await expectError(await api(path, { method: "PUT", body: { ...good, groupFee: 3000 }, auth: owner }), 400, "validation_failed")).toEqual(["groupFee"]);
    expect(await expectError(await api(path, { method: "PUT", body: { ...good, groupFee: -5 }, auth: owner }), 400, "validation_failed")).toEqual(["groupFee"]);
    expect(await expectError(await api(path, { method: "PUT", body: { ...good, fullFee: 1 }, auth: owner }), 400, "validation_failed")).toEqual(["fullFee"]);
    await expectError(await api(path), 404, "not_found");
    expect(await tools().deps.db.select().from(groupOffers).where(eq(groupOffers.communityId, community.id))).toEqual([]);
    const saved = await api(path, { method: "PUT", body: good, auth: owner });
    expect(saved.status).toBe(200);
    expect(await json(await api(path))).toMatchObject({ size: 3, groupFee: 1500, fullFee: 2500, currency: "usd", onUnfilled: "capture_full" });
  });

  it("starts and joins a group, shows its progress, and refuses an unknown group", async () => {
    const c = await groupCommunity({ size: 2 });
    const slug = c.community.slug;
    const body = (who: { name: string; email: string }) => ({ ...who, acceptRules: true, answers: { [c.questionIds[0]!]: "Founder" } });
    const started = await api(`/communities/${slug}/groups`, { method: "POST", body: body(applicant("api1")) });
    expect(started.status).toBe(201);
    const first = await json(started);
    expect(first.group).toMatchObject({ status: "open", size: 2, seatsTaken: 1, seatsAuthorised: 0, groupFee: 1500, fullFee: 2500 });
    expect(first.application).toMatchObject({ status: "awaiting_payment", fee: { amount: 2500, policy: "authorize_capture" } });
    await payCheckout(first.checkoutUrl);
    await tools().emulator.deliverPending();
    expect(await json(await api(`/communities/${slug}/groups/${first.group.id}`))).toMatchObject({ seatsAuthorised: 1 });

    await expectError(await api(`/communities/${slug}/groups/grp_00000000000000000000/applications`, { method: "POST", body: body(applicant("api2")) }), 404, "not_found");
    const joined = await json(await api(`/communities/${slug}/groups/${first.group.id}/applications`, { method: "POST", body: body(applicant("api3")) }));
    await payCheckout(joined.checkoutUrl);
    await tools().emulator.deliverPending();
    expect(await json(await api(`/communities/${slug}/groups/${first.group.id}`))).toMatchObject({ status: "filled", seatsTaken: 2, seatsAuthorised: 2 });
    const full = await api(`/communities/${slug}/groups/${first.group.id}/applications`, { method: "POST", body: body(applicant("api4")) });
    await expectError(full, 409, "conflict");
    expect((await tools().deps.db.select().from(applicationGroups).where(eq(applicationGroups.communityId, c.community.id))).length).toBe(1);
  });
});

describe("gifts API", () => {
  it("buys a gift at the tier's price, refuses bad orders by field, and refunds only a paid gift", async () => {
    const { community } = await makeCommunity({ feeAmount: 2500 });
    const tier = await createTier(tools().deps, community.id, memberTier({ monthlyAmount: 2900 }), "owner@example.com");
    const order = { tierId: tier.id, months: 2, recipientName: "Sam", recipientEmail: "sam-api@example.com", buyerEmail: "buyer-api@example.com" };
    const path = `/communities/${community.slug}/gifts`;
    expect(await expectError(await api(path, { method: "POST", body: { ...order, months: 13 } }), 400, "validation_failed")).toEqual(["months"]);
    expect(await expectError(await api(path, { method: "POST", body: { ...order, amount: 1 } }), 400, "validation_failed")).toEqual(["amount"]);
    expect(await expectError(await api(path, { method: "POST", body: { ...order, tierId: "tier_nope" } }), 400, "validation_failed")).toEqual(["tierId"]);
    expect(await tools().deps.db.select().from(gifts).where(eq(gifts.communityId, community.id))).toEqual([]);

    const bought = await api(path, { method: "POST", body: order });
    expect(bought.status).toBe(201);
    const { gift, checkoutUrl } = await json(bought);
    expect(gift).toMatchObject({ status: "pending", amount: 5800, months: 2, tierName: "Member" });
    const token = new URL(gift.giftUrl).pathname.split("/").pop();
    await expectError(await api(`/gifts/${token}/refund`, { method: "POST" }), 409, "conflict");
    await payCheckout(checkoutUrl);
    await tools().emulator.deliverPending();
    expect(await json(await api(`/gifts/${token}`))).toMatchObject({ status: "paid" });
    const refunded = await api(`/gifts/${token}/refund`, { method: "POST" });
    expect(await json(refunded)).toMatchObject({ status: "refunded" });
    expect(await json(await api(`/gifts/${token}/refund`, { method: "POST" }))).toMatchObject({ status: "refunded" });
    await expectError(await api(`/gifts/not-a-token`), 404, "not_found");
  });
});
