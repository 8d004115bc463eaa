import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { memberships, tierInvites } from "../../drizzle";
// The worker first: it loads the OpenAPI extension of zod before any feature schema is built.
import { tools } from "../helpers";
import { AppError } from "../../src/lib/errors";
import { expireSeatHolds, joinCommunity } from "../../src/memberships/join";
import { createInvite } from "../../src/tiers/service";
import { communityWithTiers, membershipOf, sendSigned } from "./helpers";

async function usesOf(inviteId: string) {
  return (await tools().deps.db.query.tierInvites.findFirst({ where: eq(tierInvites.id, inviteId) }))!.uses;
}

describe("single-use invites under concurrent joins", () => {
  it("admit exactly one of ten people racing for one use; the others are refused before any Checkout", async () => {
    const { deps, emulator } = tools();
    const { community, core } = await communityWithTiers();
    const invite = await createInvite(deps, core.id, { maxUses: 1, days: 3 }, "owner@example.com");
    const people = Array.from({ length: 10 }, (_, i) => `racer-${i}-${crypto.randomUUID().slice(0, 6)}@example.com`);
    const results = await Promise.allSettled(
      people.map((email) => joinCommunity(deps, community, { email, tierId: core.id, interval: "month", invite: invite.token })),
    );
    const admitted = results.filter((r) => r.status === "fulfilled" && r.value.kind === "checkout");
    expect(admitted).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
      expect(((r as PromiseRejectedResult).reason as AppError).status).toBe(403);
    }
    expect(await usesOf(invite.id)).toBe(1);
    const holds = await deps.db.select().from(memberships).where(and(eq(memberships.tierId, core.id), eq(memberships.status, "incomplete")));
    expect(holds).toHaveLength(1);
    expect(holds[0]!.inviteId).toBe(invite.id);
    // Only one Checkout Session was opened at Stripe for the tier.
    const sessions = await deps.stripe.checkout.sessions.list({ limit: 100 });
    expect(sessions.data.filter((s) => s.metadata?.tier_id === core.id)).toHaveLength(1);
    await emulator.deliverPending();
  });

  it("gives the use back when the Checkout lapses (Stripe's expired event), and only once", async () => {
    const { deps, emulator } = tools();
    const { community, core } = await communityWithTiers();
    const invite = await createInvite(deps, core.id, { maxUses: 1, days: 3 }, "owner@example.com");
    const first = await joinCommunity(deps, community, { email: `lapse-${crypto.randomUUID().slice(0, 6)}@example.com`, tierId: core.id, interval: "month", invite: invite.token });
    if (first.kind !== "checkout") throw new Error("expected checkout");
    expect(await usesOf(invite.id)).toBe(1);
    const sessionId = (await membershipOf(first.membership.id)).checkoutSessionId!;

    // A signed event claiming the session expired, while Stripe says it is open, changes nothing.
    const open = await deps.stripe.checkout.sessions.retrieve(sessionId);
    const forged = { id: `evt_forged_${crypto.randomUUID()}`, object: "event", type: "checkout.session.expired", created: Math.floor(Date.now() / 1000), data: { object: { ...open, status: "expired" } } };
    expect((await sendSigned(forged)).status).toBe(200);
    expect(await membershipOf(first.membership.id)).toMatchObject({ status: "incomplete" });
    expect(await usesOf(invite.id)).toBe(1);

    await deps.stripe.checkout.sessions.expire(sessionId);
    const deliveries = await emulator.deliverPending();
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
    expect(await membershipOf(first.membership.id)).toMatchObject({ status: "expired" });
    expect(await usesOf(invite.id)).toBe(0);
    // The cron sweep afterwards does not give it back a second time.
    await expireSeatHolds({ ...deps, now: () => new Date(Date.now() + 3_600_000) });
    expect(await usesOf(invite.id)).toBe(0);

    const second = await joinCommunity(deps, community, { email: `next-${crypto.randomUUID().slice(0, 6)}@example.com`, tierId: core.id, interval: "month", invite: invite.token });
    expect(second.kind).toBe("checkout");
    expect(await usesOf(invite.id)).toBe(1);
  });

  it("gives the use back when a seat hold lapses without any event (the cron)", async () => {
    const { deps } = tools();
    const { community, core } = await communityWithTiers();
    const invite = await createInvite(deps, core.id, { maxUses: 2, days: 3 }, "owner@example.com");
    for (let i = 0; i < 2; i++) {
      await joinCommunity(deps, community, { email: `cron-${i}-${crypto.randomUUID().slice(0, 6)}@example.com`, tierId: core.id, interval: "month", invite: invite.token });
    }
    expect(await usesOf(invite.id)).toBe(2);
    expect(await expireSeatHolds({ ...deps, now: () => new Date(Date.now() + 3_600_000) })).toBeGreaterThanOrEqual(2);
    expect(await usesOf(invite.id)).toBe(0);
  });
});
