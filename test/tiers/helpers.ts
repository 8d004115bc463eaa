import { count, eq } from "drizzle-orm";
import { auditLog, memberships, tierPrices, tiers, tierWaitlist, type Membership, type MembershipStatus } from "../../drizzle";
import { expect } from "vitest";
import { AppError } from "../../src/lib/errors";
import { newId } from "../../src/lib/ids";
import type { TierInputRaw } from "../../src/tiers/schemas";
import { createTier } from "../../src/tiers/service";
import { BASE, call, makeCommunity, tools } from "../helpers";

export const DAY = 86_400_000;

export const memberTier = (overrides: Partial<TierInputRaw> = {}): TierInputRaw => ({
  name: "Member",
  description: "The **base** of the pyramid.",
  perks: ["Forum", "Weekly drops"],
  rank: 1,
  visibility: "public",
  capacity: null,
  trialDays: 0,
  monthlyAmount: 2900,
  yearlyAmount: 29000,
  currency: "usd",
  ...overrides,
});

/** A fresh community with one tier made through the domain function (so it has emulator prices). */
export async function communityWithTier(overrides: Partial<TierInputRaw> = {}) {
  const { deps } = tools();
  const { community } = await makeCommunity({ feeAmount: 0 }, []);
  const tier = await createTier(deps, community.id, memberTier(overrides), "owner@example.com");
  return { community, tier };
}

let n = 0;
/** A membership row written directly, as the join code would leave it. */
export async function insertMembership(
  tier: { id: string; communityId: string },
  fields: Partial<Membership> & { status: MembershipStatus },
): Promise<Membership> {
  const now = new Date();
  n += 1;
  const row: typeof memberships.$inferInsert = {
    id: newId("mem"),
    communityId: tier.communityId,
    tierId: tier.id,
    email: `member-${n}-${Math.random().toString(36).slice(2, 7)}@example.com`,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  const [inserted] = await tools().deps.db.insert(memberships).values(row).returning();
  return inserted!;
}

export async function insertWaitlist(tier: { id: string; communityId: string }, status: "waiting" | "offered" | "expired", offerExpiresAt: Date | null) {
  const now = new Date();
  await tools()
    .deps.db.insert(tierWaitlist)
    .values({ id: newId("wl"), tierId: tier.id, communityId: tier.communityId, email: `wait-${Math.random().toString(36).slice(2, 9)}@example.com`, status, offerExpiresAt, createdAt: now, updatedAt: now });
}

/** A real subscription in the emulator: a subscription-mode Checkout, paid on the hosted page (events not delivered). */
export async function subscribe(stripePriceId: string, email: string): Promise<string> {
  const { deps } = tools();
  const session = await deps.stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: stripePriceId, quantity: 1 }],
    customer_email: email,
    success_url: `${BASE}/ok`,
    cancel_url: `${BASE}/cancel`,
  });
  const res = await call(`${new URL(session.url!).pathname}/pay?deliver=0`, { method: "POST" });
  if (res.status !== 303) throw new Error(`pay failed: ${res.status} ${await res.text()}`);
  const paid = await deps.stripe.checkout.sessions.retrieve(session.id);
  return paid.subscription as string;
}

/** Row counts of everything createTier writes, to prove a refusal wrote nothing. */
export async function tierRowCounts(communityId: string) {
  const { db } = tools().deps;
  const [[t], [p], [a]] = await db.batch([
    db.select({ n: count() }).from(tiers).where(eq(tiers.communityId, communityId)),
    db.select({ n: count() }).from(tierPrices).innerJoin(tiers, eq(tiers.id, tierPrices.tierId)).where(eq(tiers.communityId, communityId)),
    db.select({ n: count() }).from(auditLog).where(eq(auditLog.communityId, communityId)),
  ]);
  return { tiers: t!.n, prices: p!.n, audit: a!.n };
}

export async function auditOf(communityId: string, action: string) {
  const rows = await tools().deps.db.select().from(auditLog).where(eq(auditLog.communityId, communityId));
  return rows.filter((r) => r.action === action);
}

/** The AppError a domain call is refused with (fails the test if it resolves or throws something else). */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

export const fieldsOf = (err: AppError) => (err.details ?? []).map((d) => d.field).sort();
