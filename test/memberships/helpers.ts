import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { memberships, type Community, type Tier } from "../../drizzle";
import { submitApplication } from "../../src/applications/service";
import { joinRights, startJoin } from "../../src/memberships/join";
import { decideApplication } from "../../src/review/decisions";
import { createTier } from "../../src/tiers/service";
import { call, makeCommunity, tools } from "../helpers";

export async function communityWithTiers(opts: { capacity?: number | null; graceDays?: number } = {}) {
  const { deps } = tools();
  const { community } = await makeCommunity({ feeAmount: 0 }, []);
  if (opts.graceDays != null) {
    await deps.db.update((await import("../../drizzle")).communities).set({ graceDays: opts.graceDays }).where(eq((await import("../../drizzle")).communities.id, community.id));
    community.graceDays = opts.graceDays;
  }
  const base = { description: "", perks: [], visibility: "public" as const, trialDays: 0, currency: "usd" as const };
  const member = await createTier(deps, community.id, { ...base, name: "Member", rank: 1, capacity: opts.capacity ?? null, monthlyAmount: 2900, yearlyAmount: 29000 }, "owner@example.com");
  const core = await createTier(deps, community.id, { ...base, name: "Core", rank: 2, visibility: "invite_only", capacity: null, monthlyAmount: 7900, yearlyAmount: null }, "owner@example.com");
  return { community, member, core };
}

/** An applicant the owner approved (fee 0, so no Checkout for the fee). */
export async function approve(community: Community, email: string) {
  const { deps } = tools();
  const app = await submitApplication(deps, community, { name: email.split("@")[0], email, acceptRules: true, answers: {} });
  await decideApplication(deps, community, { applicationId: app.id, decision: "approve", actor: "owner@example.com" });
}

/** Joins a tier and presses Pay on the emulator without delivering the events. */
export async function joinAndPay(community: Community, tier: Tier, email: string, interval: "month" | "year" = "month") {
  const { deps } = tools();
  const rights = await joinRights(deps, community, email);
  const outcome = await startJoin(deps, community, { email, tier, interval, rights });
  if (outcome.kind !== "checkout") throw new Error(`expected checkout, got ${outcome.kind}`);
  const res = await call(`${new URL(outcome.url).pathname}/pay?deliver=0`, { method: "POST" });
  if (res.status !== 303) throw new Error(`pay failed ${res.status}`);
  const session = await deps.stripe.checkout.sessions.retrieve(outcome.membership.checkoutSessionId ?? (await membershipOf(outcome.membership.id)).checkoutSessionId!);
  return { membershipId: outcome.membership.id, subscriptionId: session.subscription as string };
}

export async function membershipOf(id: string) {
  return (await tools().deps.db.query.memberships.findFirst({ where: eq(memberships.id, id) }))!;
}

export async function sendSigned(event: Stripe.Event | Record<string, unknown>) {
  const payload = JSON.stringify(event);
  const sig = await tools().emulator.signPayload(payload);
  return call("/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": sig } });
}

export async function control(subscriptionId: string, action: "fail-payment" | "pay" | "renew") {
  const res = await call(`/dev/stripe/subscriptions/${subscriptionId}/${action}`, { method: "POST" });
  if (!res.ok) throw new Error(`control ${action} failed: ${res.status} ${await res.text()}`);
}

/** A small seeded generator so a failing shuffle can be replayed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
