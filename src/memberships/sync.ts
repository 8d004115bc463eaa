import { and, eq, ne, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { memberships, tierPrices, type Membership, type MembershipStatus } from "../../drizzle";
import { getCommunityById } from "../communities/service";
import type { Deps } from "../env";
import { sendMembershipEmail } from "./emails";
import { offerNextSeat } from "./waitlist";
import { releaseInviteUses } from "../tiers/invites";
import { ledgerSnapshot } from "../insights/ledger";

/** Stripe subscription status -> membership status. */
export function membershipStatusOf(status: Stripe.Subscription.Status): MembershipStatus {
  switch (status) {
    case "trialing":
    case "active":
    case "past_due":
    case "unpaid":
    case "canceled":
    case "incomplete":
      return status as MembershipStatus;
    case "incomplete_expired":
      return "expired";
    default:
      // "paused" and any status newer than this code: no access until Stripe says otherwise.
      return "unpaid";
  }
}

const SEAT_HOLDING = new Set<MembershipStatus>(["trialing", "active", "past_due", "unpaid"]);

async function findMembership(deps: Deps, sub: Stripe.Subscription): Promise<Membership | undefined> {
  const bySub = await deps.db.query.memberships.findFirst({ where: eq(memberships.stripeSubscriptionId, sub.id) });
  if (bySub) return bySub;
  const id = sub.metadata?.membership_id;
  return id ? deps.db.query.memberships.findFirst({ where: eq(memberships.id, id) }) : undefined;
}

/**
 * Makes the membership say what Stripe says about its subscription. Events only trigger a re-read,
 * so duplicates and any order converge on Stripe's state. Two rules override Stripe: a removed
 * membership never comes back (and its subscription is cancelled again if it somehow lives), and a
 * comped membership is not touched by the paid subscription it replaced.
 */
export async function syncSubscription(deps: Deps, subscriptionId: string): Promise<Membership | null> {
  const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const m = await findMembership(deps, sub);
  if (!m) return null;
  if (m.status === "removed") {
    if (sub.status !== "canceled" && sub.status !== "incomplete_expired") {
      await deps.stripe.subscriptions.cancel(sub.id, {}, { idempotencyKey: `threshold:removed-cancel:${m.id}:${sub.id}` });
    }
    return m;
  }
  // A comped membership replaced this paid subscription: nothing Stripe says about it applies.
  if (m.comped && m.stripeSubscriptionId === sub.id) return m;

  const now = deps.now();
  const item = sub.items.data[0];
  const price = item ? await deps.db.query.tierPrices.findFirst({ where: eq(tierPrices.stripePriceId, item.price.id) }) : undefined;
  const status = membershipStatusOf(sub.status);
  const periodEnd = item?.current_period_end ?? (sub as unknown as { current_period_end?: number }).current_period_end;
  const next = {
    status,
    stripeSubscriptionId: sub.id,
    stripeCustomerId: typeof sub.customer === "string" ? sub.customer : sub.customer.id,
    tierId: price?.tierId ?? m.tierId,
    priceId: price?.id ?? m.priceId,
    comped: false,
    currentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : m.currentPeriodEnd,
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    pastDueSince: status === "past_due" ? (m.pastDueSince ?? now) : null,
    joinedAt: m.joinedAt ?? (SEAT_HOLDING.has(status) ? now : null),
    endedAt: status === "canceled" || status === "expired" ? (sub.ended_at ? new Date(sub.ended_at * 1000) : now) : null,
    endedReason: status === "canceled" ? "subscription ended" : status === "expired" ? "checkout not completed" : null,
    seatHoldUntil: SEAT_HOLDING.has(status) ? null : m.seatHoldUntil,
    updatedAt: now,
  };
  // Conditional on not removed: an owner's removal in the meantime wins over this sync.
  const [updated] = await deps.db
    .update(memberships)
    .set(next)
    .where(and(eq(memberships.id, m.id), ne(memberships.status, "removed")))
    .returning();
  if (!updated) return syncSubscription(deps, subscriptionId);
  await ledgerSnapshot(deps.db, updated.id, now);
  await afterTransition(deps, m, updated);
  return updated;
}

async function afterTransition(deps: Deps, before: Membership, after: Membership): Promise<void> {
  if (before.status === after.status && before.tierId === after.tierId) return;
  const community = await getCommunityById(deps.db, after.communityId);
  if (!SEAT_HOLDING.has(before.status) && SEAT_HOLDING.has(after.status) && !before.joinedAt) {
    await sendMembershipEmail(deps, community, after, "welcome");
  } else if (after.status === "past_due" && before.status !== "past_due") {
    await sendMembershipEmail(deps, community, after, "payment_failed");
  } else if (after.status === "canceled" && before.status !== "canceled") {
    await sendMembershipEmail(deps, community, after, "ended");
  }
  if (!SEAT_HOLDING.has(after.status) || before.tierId !== after.tierId) await offerNextSeat(deps, community, before.tierId);
}

/** A subscription-mode Checkout finished: tie the subscription to the membership, then sync. */
export async function onMembershipCheckoutCompleted(deps: Deps, session: Stripe.Checkout.Session): Promise<void> {
  const membershipId = session.metadata?.membership_id ?? session.client_reference_id;
  const subscriptionId = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
  if (!membershipId || !subscriptionId) return;
  await deps.db
    .update(memberships)
    .set({ stripeSubscriptionId: subscriptionId, updatedAt: deps.now() })
    .where(and(eq(memberships.id, membershipId), ne(memberships.status, "removed")));
  await syncSubscription(deps, subscriptionId);
}

/**
 * A subscription-mode Checkout lapsed (`session` is Stripe's current copy): its seat hold ends now,
 * an invite use it held is given back, and the next in line may be offered the seat.
 */
export async function onMembershipCheckoutExpired(deps: Deps, session: Stripe.Checkout.Session): Promise<void> {
  const membershipId = session.metadata?.membership_id ?? session.client_reference_id;
  if (!membershipId) return;
  const [, [expired]] = await deps.db.batch([
    releaseInviteUses(deps.db, sql`m.id = ${membershipId} and m.checkout_session_id = ${session.id}`),
    deps.db
      .update(memberships)
      .set({ status: "expired", seatHoldUntil: null, endedAt: deps.now(), endedReason: "checkout not completed", updatedAt: deps.now() })
      .where(and(eq(memberships.id, membershipId), eq(memberships.status, "incomplete"), eq(memberships.checkoutSessionId, session.id)))
      .returning(),
  ]);
  if (expired) await offerNextSeat(deps, await getCommunityById(deps.db, expired.communityId), expired.tierId);
}
