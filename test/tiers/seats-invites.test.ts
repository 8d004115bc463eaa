import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, tierInvites } from "../../drizzle";
import { newId } from "../../src/lib/ids";
import { priceStats, tierOverview } from "../../src/tiers/overview";
import { consumeInvite, createInvite, createTier, findUsableInvite, inviteAllows, seatHoldingSql, seatsTaken, updateTier } from "../../src/tiers/service";
import { tools } from "../helpers";
import { communityWithTier, DAY, fieldsOf, insertMembership, insertWaitlist, refusal } from "./helpers";

describe("seats", () => {
  it("counts paying members, unexpired Checkout holds and open waitlist offers, as time passes", async () => {
    const { db } = tools().deps;
    const { tier } = await communityWithTier({ capacity: 5 });
    const now = new Date();
    const hour = 3_600_000;
    await insertMembership(tier, { status: "active" });
    await insertMembership(tier, { status: "trialing" });
    await insertMembership(tier, { status: "past_due" });
    await insertMembership(tier, { status: "unpaid" });
    await insertMembership(tier, { status: "canceled" });
    await insertMembership(tier, { status: "removed" });
    await insertMembership(tier, { status: "expired", seatHoldUntil: new Date(now.getTime() + hour) });
    await insertMembership(tier, { status: "incomplete", seatHoldUntil: new Date(now.getTime() + hour) });
    await insertMembership(tier, { status: "incomplete", seatHoldUntil: new Date(now.getTime() - 1) });
    await insertMembership(tier, { status: "incomplete", seatHoldUntil: null });
    await insertWaitlist(tier, "offered", new Date(now.getTime() + 2 * hour));
    await insertWaitlist(tier, "offered", new Date(now.getTime() - 1));
    await insertWaitlist(tier, "waiting", null);
    await insertWaitlist(tier, "expired", new Date(now.getTime() + 2 * hour));

    expect(await seatsTaken(db, tier.id, now)).toBe(6); // 4 members + 1 hold + 1 offer
    expect(await seatsTaken(db, tier.id, new Date(now.getTime() + hour + 1))).toBe(5); // the hold lapsed
    expect(await seatsTaken(db, tier.id, new Date(now.getTime() + 3 * hour))).toBe(4); // and the offer
    expect(await seatsTaken(db, "tier_unknown", now)).toBe(0);
    // Another tier's seats are its own.
    const other = await communityWithTier({ capacity: 1 });
    expect(await seatsTaken(db, other.tier.id, now)).toBe(0);
  });
});

describe("invites", () => {
  it("are for invite-only tiers", async () => {
    const { deps } = tools();
    const { tier } = await communityWithTier();
    expect((await refusal(createInvite(deps, tier.id, {}, "owner@example.com"))).status).toBe(409);
  });

  it("find a usable invite by token, for the named person only, until expiry", async () => {
    const { deps } = tools();
    const { tier, community } = await communityWithTier({ visibility: "invite_only", name: "Core" });
    const invite = await createInvite(deps, tier.id, { email: " Friend@Example.com ", days: 3 }, "owner@example.com");
    expect(invite.token).toHaveLength(32);
    expect(invite).toMatchObject({ email: "friend@example.com", maxUses: 1, uses: 0, tierId: tier.id });
    const now = new Date();
    const found = await findUsableInvite(deps.db, invite.token, now);
    expect(found).toMatchObject({ invite: { id: invite.id }, tier: { id: tier.id, name: "Core" }, communitySlug: community.slug });
    expect(inviteAllows(found!.invite, "FRIEND@example.com")).toBe(true);
    expect(inviteAllows(found!.invite, "stranger@example.com")).toBe(false);
    expect(await findUsableInvite(deps.db, invite.token, new Date(now.getTime() + 3 * DAY + 1000))).toBeNull();
    expect(await findUsableInvite(deps.db, "x".repeat(32), now)).toBeNull();
    expect(await findUsableInvite(deps.db, "", now)).toBeNull();
  });

  it("validates its input, naming the fields", async () => {
    const { deps } = tools();
    const { tier } = await communityWithTier({ visibility: "invite_only" });
    const err = await refusal(createInvite(deps, tier.id, { email: "nope", maxUses: 0, days: 400 }, "owner@example.com"));
    expect(err.status).toBe(400);
    expect(fieldsOf(err)).toEqual(["days", "email", "maxUses"]);
  });

  it("can be consumed once, even by many at the same moment", async () => {
    const { deps } = tools();
    const { tier } = await communityWithTier({ visibility: "invite_only" });
    const single = await createInvite(deps, tier.id, {}, "owner@example.com");
    const results = await Promise.all(Array.from({ length: 8 }, () => consumeInvite(deps.db, single.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await findUsableInvite(deps.db, single.token, new Date())).toBeNull();
    expect(await consumeInvite(deps.db, single.id)).toBe(false);

    const three = await createInvite(deps, tier.id, { maxUses: 3 }, "owner@example.com");
    const raced = await Promise.all(Array.from({ length: 8 }, () => consumeInvite(deps.db, three.id, new Date())));
    expect(raced.filter(Boolean)).toHaveLength(3);
    const row = await deps.db.query.tierInvites.findFirst({ where: eq(tierInvites.id, three.id) });
    expect(row!.uses).toBe(3);
  });

  it("an expired invite cannot be consumed when the time is given", async () => {
    const { deps } = tools();
    const { tier } = await communityWithTier({ visibility: "invite_only" });
    const invite = await createInvite(deps, tier.id, { days: 1 }, "owner@example.com");
    expect(await consumeInvite(deps.db, invite.id, new Date(Date.now() + 2 * DAY))).toBe(false);
    expect(await consumeInvite(deps.db, invite.id, new Date())).toBe(true);
  });
});

describe("the owner's read models", () => {
  it("count seats, members and prices per tier, each tier its own", async () => {
    const { deps } = tools();
    const { community, tier } = await communityWithTier({ capacity: 10, visibility: "invite_only" });
    const top = await createTier(deps, community.id, { name: "Top", rank: 2, monthlyAmount: 9900, currency: "usd" }, "owner@example.com");
    const now = new Date();
    await insertMembership(tier, { status: "active", priceId: tier.prices.month!.id });
    await insertMembership(tier, { status: "active", priceId: tier.prices.month!.id, pendingPriceId: tier.prices.month!.id, pendingPriceAt: new Date(now.getTime() + 9 * DAY) });
    await insertMembership(tier, { status: "incomplete", seatHoldUntil: new Date(now.getTime() + DAY) });
    await insertMembership(top, { status: "active", priceId: top.prices.month!.id });
    const invite = await createInvite(deps, tier.id, { maxUses: 2 }, "owner@example.com");

    const overview = await tierOverview(deps.db, community.id, now);
    expect(overview.map((o) => [o.tier.name, o.seats, o.members, o.prices.month?.amount, o.invites.map((i) => i.id)])).toEqual([
      ["Member", 3, 2, 2900, [invite.id]],
      ["Top", 1, 1, 9900, []],
    ]);

    await updateTier(deps, tier.id, { monthlyAmount: 3100 }, "owner@example.com");
    const stats = await priceStats(deps.db, tier.id);
    expect(stats.map((s) => [s.price.interval, s.price.amount, s.price.active, s.members, s.scheduled])).toEqual([
      ["month", 3100, true, 0, 0],
      ["month", 2900, false, 2, 1],
      ["year", 29000, true, 0, 0],
    ]);
  });
});
