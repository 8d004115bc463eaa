import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { memberships } from "../../drizzle";
import { accessFor } from "../../src/memberships/access";
import { membershipStatusOf } from "../../src/memberships/sync";
import { devClock } from "../../src/dev/clock";
import { call, latestEmail, signIn, tools } from "../helpers";
import { approve, communityWithTiers, control, joinAndPay, membershipOf, rng, sendSigned } from "./helpers";

async function deliver() {
  await tools().emulator.deliverPending();
}

async function accessNow(community: { id: string; graceDays: number }, email: string) {
  const { deps } = tools();
  return accessFor(deps, community, email, deps.now());
}

describe("membership lifecycle from Stripe events", () => {
  it("an approved applicant joins, becomes active when the webhook confirms, and sees member home", async () => {
    const { community, member } = await communityWithTiers();
    const email = "join@example.com";
    await approve(community, email);
    const { membershipId } = await joinAndPay(community, member, email);
    expect((await membershipOf(membershipId)).status).toBe("incomplete");
    expect((await accessNow(community, email)).role).toBe("none");
    await deliver();
    const m = await membershipOf(membershipId);
    expect(m).toMatchObject({ status: "active", tierId: member.id, cancelAtPeriodEnd: false });
    expect(m.currentPeriodEnd!.getTime()).toBeGreaterThan(Date.now());
    expect(await latestEmail(email, "membership_welcome")).toBeTruthy();
    const access = await accessNow(community, email);
    expect(access).toMatchObject({ role: "member", standing: "good", rank: 1 });
    const cookie = await signIn(email);
    const home = await call(`/c/${community.slug}/home`, { cookie });
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain("Member");
    expect(html).toContain("Manage billing");
    // Billing changes happen on Stripe's Customer Portal (emulated here).
    const portal = await call(`/c/${community.slug}/home/billing`, { method: "POST", cookie });
    expect(portal.status).toBe(303);
    expect(portal.headers.get("location")).toMatch(/\/dev\/stripe\/portal\/bps_/);
    const portalPage = await call(new URL(portal.headers.get("location")!).pathname);
    expect(await portalPage.text()).toContain("Cancel at period end");
  });

  it("past due keeps access through the grace period, then loses it until paid", async () => {
    const { community, member } = await communityWithTiers({ graceDays: 7 });
    const email = "late@example.com";
    await approve(community, email);
    const { subscriptionId } = await joinAndPay(community, member, email);
    await deliver();
    await control(subscriptionId, "fail-payment");
    await deliver();
    expect((await accessNow(community, email)).standing).toBe("grace");
    expect((await accessNow(community, email)).role).toBe("member");
    expect(await latestEmail(email, "membership_payment_failed")).toBeTruthy();
    devClock.advance(8 * 86_400_000);
    try {
      const lapsed = await accessNow(community, email);
      expect(lapsed).toMatchObject({ role: "none", standing: "lapsed" });
      const cookie = await signIn(email);
      const home = await call(`/c/${community.slug}/home`, { cookie });
      expect(await home.text()).toContain("access is paused");
      await control(subscriptionId, "pay");
      await deliver();
      expect(await accessNow(community, email)).toMatchObject({ role: "member", standing: "good" });
    } finally {
      devClock.reset();
    }
  });

  it("cancel at period end keeps access until Stripe ends the subscription", async () => {
    const { community, member } = await communityWithTiers();
    const email = "leaving@example.com";
    await approve(community, email);
    const { subscriptionId, membershipId } = await joinAndPay(community, member, email);
    await deliver();
    const { deps } = tools();
    await deps.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
    await deliver();
    expect(await membershipOf(membershipId)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    expect((await accessNow(community, email)).role).toBe("member");
    await deps.stripe.subscriptions.cancel(subscriptionId);
    await deliver();
    expect((await membershipOf(membershipId)).status).toBe("canceled");
    expect((await accessNow(community, email)).role).toBe("none");
  });

  it("storm: shuffled and duplicated events always converge to the state Stripe holds", { timeout: 120_000 }, async () => {
    const { deps, emulator } = tools();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { community, member, core } = await communityWithTiers();
      const email = `storm${seed}@example.com`;
      await approve(community, email);
      const before = new Set((await emulator.listEvents()).map((e) => e.id));
      const { subscriptionId, membershipId } = await joinAndPay(community, member, email);
      const random = rng(seed);
      // A realistic life: renewals, a failed payment and recovery, an upgrade, maybe a cancellation.
      await control(subscriptionId, "renew");
      await control(subscriptionId, "fail-payment");
      if (random() < 0.7) await control(subscriptionId, "pay");
      const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
      const corePrice = (await deps.db.query.tierPrices.findFirst({ where: (p, { eq }) => eq(p.tierId, core.id) }))!;
      if (random() < 0.5) await deps.stripe.subscriptions.update(subscriptionId, { items: [{ id: sub.items.data[0].id, price: corePrice.stripePriceId }] });
      if (random() < 0.5) await deps.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
      if (random() < 0.3) await deps.stripe.subscriptions.cancel(subscriptionId);
      const events = (await emulator.listEvents()).filter((e) => !before.has(e.id));
      const storm: Stripe.Event[] = [];
      for (const e of events) {
        storm.push(e);
        if (random() < 0.4) storm.push(e);
      }
      for (let i = storm.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [storm[i], storm[j]] = [storm[j], storm[i]];
      }
      for (const e of storm) expect((await sendSigned(e)).status).toBe(200);
      const truth = await deps.stripe.subscriptions.retrieve(subscriptionId);
      const m = await membershipOf(membershipId);
      const price = await deps.db.query.tierPrices.findFirst({ where: (p, { eq }) => eq(p.stripePriceId, truth.items.data[0].price.id) });
      expect({ seed, status: m.status, cancel: m.cancelAtPeriodEnd, tier: m.tierId }).toEqual({
        seed,
        status: membershipStatusOf(truth.status),
        cancel: truth.cancel_at_period_end,
        tier: price!.tierId,
      });
      const live = await deps.db.select().from(memberships).where(eq(memberships.email, email));
      expect(live.filter((r) => ["active", "trialing", "past_due"].includes(r.status)).length).toBeLessThanOrEqual(1);
    }
  });

  it("a removed member stays out whatever events arrive later", async () => {
    const { deps, emulator } = tools();
    const { community, member } = await communityWithTiers();
    const email = "removed@example.com";
    await approve(community, email);
    const before = new Set((await emulator.listEvents()).map((e) => e.id));
    const { subscriptionId, membershipId } = await joinAndPay(community, member, email);
    await deliver();
    const activeEvents = (await emulator.listEvents()).filter((e) => !before.has(e.id));
    await deps.db.update(memberships).set({ status: "removed", endedReason: "test removal" }).where(eq(memberships.id, membershipId));
    expect((await accessNow(community, email)).role).toBe("none");
    // Old "active" events replayed under new ids: the membership stays removed and Stripe is told again.
    for (const e of activeEvents) await sendSigned({ ...e, id: `${e.id}_replay` });
    expect((await membershipOf(membershipId)).status).toBe("removed");
    expect((await accessNow(community, email)).role).toBe("none");
    expect((await deps.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    const cookie = await signIn(email);
    const home = await call(`/c/${community.slug}/home`, { cookie });
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe(`/c/${community.slug}`);
  });
});
