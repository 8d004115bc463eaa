import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { auditLog, memberships, type Community, type Membership, type TierPrice } from "../../drizzle";
import { newId } from "../../src/lib/ids";
import { createTier, type TierWithPrices } from "../../src/tiers/service";
import { expect } from "vitest";
import { call, makeCommunity, tools } from "../helpers";

export const OWNER = "owner@example.com";

let rank = 0;
/** A tier with a monthly (and optionally yearly) price, through the tiers feature's own service. */
export async function makeTier(community: Community, name: string, monthly: number, yearly?: number): Promise<TierWithPrices> {
  rank += 1;
  return createTier(tools().deps, community.id, { name, rank, monthlyAmount: monthly, yearlyAmount: yearly ?? null, currency: "usd" }, OWNER);
}

/** A community with two paid tiers: Members (rank 1, $12/month) and Inner circle (rank 2, $30/month). */
export async function setupCommunity() {
  const { community } = await makeCommunity({ feeAmount: 0 }, []);
  const basic = await makeTier(community, "Members", 1200, 12000);
  const core = await makeTier(community, "Inner circle", 3000, 30000);
  return { community, basic, core };
}

/**
 * A member paying for `price` through a real emulator subscription: Checkout, Pay (events left
 * undelivered), then the membership row written here, as the webhook sync would.
 */
export async function subscribe(community: Community, price: TierPrice, email: string): Promise<{ membership: Membership; subscriptionId: string }> {
  const { deps } = tools();
  const id = newId("mem");
  const session = await deps.stripe.checkout.sessions.create({
    mode: "subscription",
    customer_email: email,
    line_items: [{ price: price.stripePriceId, quantity: 1 }],
    success_url: "http://localhost:8787/ok",
    cancel_url: "http://localhost:8787/cancel",
    subscription_data: { metadata: { membership_id: id } },
  });
  const paid = await call(`${new URL(session.url!).pathname}/pay?deliver=0`, { method: "POST" });
  if (paid.status !== 303) throw new Error(`pay failed: ${paid.status} ${await paid.text()}`);
  const done = await deps.stripe.checkout.sessions.retrieve(session.id);
  const subscriptionId = done.subscription as string;
  const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const now = deps.now();
  const [membership] = await deps.db
    .insert(memberships)
    .values({
      id,
      communityId: community.id,
      email,
      tierId: price.tierId,
      priceId: price.id,
      status: "active",
      stripeCustomerId: done.customer as string,
      stripeSubscriptionId: subscriptionId,
      checkoutSessionId: session.id,
      currentPeriodEnd: new Date(sub.items.data[0]!.current_period_end * 1000),
      joinedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { membership: membership!, subscriptionId };
}

export async function membershipRow(id: string): Promise<Membership> {
  return (await tools().deps.db.query.memberships.findFirst({ where: eq(memberships.id, id) }))!;
}

export async function auditRows(communityId: string, action?: string) {
  const db = tools().deps.db;
  return db
    .select()
    .from(auditLog)
    .where(action ? and(eq(auditLog.communityId, communityId), eq(auditLog.action, action)) : eq(auditLog.communityId, communityId));
}

/** Refunds Stripe holds for the payment of the subscription's latest invoice. */
export async function refundsOf(subscriptionId: string): Promise<Stripe.Refund[]> {
  const stripe = tools().deps.stripe;
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  const payments = await stripe.invoicePayments.list({ invoice: sub.latest_invoice as string });
  const pi = payments.data[0]!.payment.payment_intent as string;
  return (await stripe.refunds.list({ payment_intent: pi })).data;
}

export const uniqueEmail = (name: string) => `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;

/**
 * Two members for the CSV: one paying monthly through Stripe, and a newer comped one whose email
 * a spreadsheet would run as a formula (and that holds a comma and quotes).
 */
export async function membersForCsv() {
  const { deps } = tools();
  const { community, basic, core } = await setupCommunity();
  const payer = uniqueEmail("payer");
  await subscribe(community, basic.prices.month!, payer);
  const now = deps.now();
  const hostile = `=cmd|' /C calc'!A0,"x"@example.com`;
  await deps.db
    .insert(memberships)
    .values({ id: newId("mem"), communityId: community.id, email: hostile, tierId: core.id, status: "active", comped: true, joinedAt: now, createdAt: new Date(now.getTime() + 1), updatedAt: now });
  return { community, basic, core, payer, hostile, now };
}

/** The members CSV of `membersForCsv`, line by line, exactly as the export has always written it. */
export function expectedCsvLines(m: { basic: { rank: number }; core: { rank: number }; payer: string; now: Date }): unknown[] {
  return [
    "email,tier,rank,status,comped,interval,amount,currency,joined_at,current_period_end,cancel_at_period_end",
    `"'=cmd|' /C calc'!A0,""x""@example.com",Inner circle,${m.core.rank},active,true,,,,${m.now.toISOString()},,false`,
    expect.stringMatching(new RegExp(`^${m.payer},Members,${m.basic.rank},active,false,month,12.00,usd,\\d{4}-\\d\\d-\\d\\dT[^,]+,\\d{4}-[^,]+,false$`)),
    "",
  ];
}
