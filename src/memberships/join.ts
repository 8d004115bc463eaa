import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { applications, bans, memberships, tierPrices, tiers, tierWaitlist, type BillingInterval, type Community, type Membership, type Tier, type TierPrice } from "../../drizzle";
import type { Deps } from "../env";
import { CRON_BATCH } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { customerFor } from "./customers";
import { seatHoldingSql } from "../tiers/seats";
import { joinWaitlist, openWaitlistEntry } from "./waitlist";
import { tierPriceFor } from "../experiments/pricing";
import { consumeInvite, findUsableInvite, giveBackInvite, inviteAllows, releaseInviteUses } from "../tiers/invites";
import type { Visitor } from "../experiments/visitor";

/** Seat holds last as long as the Checkout Session (Stripe's minimum is 30 minutes). */
export const SEAT_HOLD_SECONDS = 31 * 60;

export interface JoinRights {
  /** Tiers this person may pick: public ones, plus an invite-only one their invite names. */
  allowedTierIds: Set<string>;
  applicationId: string | null;
}

/**
 * Who may join: an approved applicant (any public tier), someone holding an invite (its tier), or
 * someone a seat was offered to. Banned people and current members may not.
 */
export async function joinRights(
  deps: Deps,
  community: Community,
  email: string,
  opts: { inviteTierId?: string | null } = {},
): Promise<JoinRights> {
  const who = email.toLowerCase();
  const [ban, approved, live, allTiers] = await deps.db.batch([
    deps.db.select().from(bans).where(and(eq(bans.communityId, community.id), eq(bans.email, who))),
    deps.db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.communityId, community.id), eq(applications.email, who), eq(applications.status, "approved")))
      .orderBy(desc(applications.decidedAt))
      .limit(1),
    deps.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.communityId, community.id), eq(memberships.email, who), inArray(memberships.status, ["trialing", "active", "past_due", "unpaid"]))),
    deps.db.select().from(tiers).where(and(eq(tiers.communityId, community.id), sql`${tiers.archivedAt} is null`)),
  ]);
  if (ban.length) throw AppError.forbidden("This email cannot join this community");
  if (live.length) throw AppError.conflict("You are already a member; manage your membership from your member home");
  const allowed = new Set<string>();
  if (approved.length) for (const t of allTiers) if (t.visibility === "public") allowed.add(t.id);
  if (opts.inviteTierId && allTiers.some((t) => t.id === opts.inviteTierId)) allowed.add(opts.inviteTierId);
  if (!allowed.size) throw AppError.forbidden("Joining needs an approved application or an invite");
  return { allowedTierIds: allowed, applicationId: approved[0]?.id ?? null };
}

export type JoinOutcome = { kind: "checkout"; url: string; membership: Membership } | { kind: "waitlisted"; position: number };

/**
 * Grabs a seat and opens a subscription Checkout for it. The seat grab is one conditional insert
 * (live seats + unexpired holds + open offers < capacity), so of many people racing for the last
 * seat exactly one gets it; the rest go on the waitlist. The price is the tier's active price,
 * read here, never taken from the request. With `inviteId`, one use of the invite is taken first,
 * atomically, and held by the membership until its Checkout completes or lapses.
 */
export async function startJoin(
  deps: Deps,
  community: Community,
  input: { email: string; tier: Tier; interval: BillingInterval; rights: JoinRights; visitor?: Visitor | null; inviteId?: string | null },
): Promise<JoinOutcome> {
  const { tier, interval, rights } = input;
  const email = input.email.toLowerCase();
  if (!rights.allowedTierIds.has(tier.id)) throw AppError.forbidden("This tier is by invitation only");
  // The price shown on the join page: the tier's, or this visitor's variant while a test runs.
  const shown = await tierPriceFor(deps, community.id, tier.id, interval, input.visitor ?? null, { email });
  if (!shown) throw AppError.validation([{ field: "interval", message: `${tier.name} has no ${interval}ly price` }]);
  const price = shown.price;
  const variantId = shown.variant?.id ?? null;
  const visitorId = shown.variant && input.visitor ? input.visitor.id : null;

  const reused = await reuseOrReleaseHold(deps, email, community.id, tier.id, price.id);
  if (reused) return reused;

  const now = deps.now();
  const inviteId = input.inviteId ?? null;
  if (inviteId && !(await consumeInvite(deps.db, inviteId, now))) {
    throw AppError.forbidden("This invite link has been used up or has expired");
  }
  const id = newId("mem");
  const holdUntil = new Date(now.getTime() + SEAT_HOLD_SECONDS * 1000);
  const offer = await openWaitlistEntry(deps.db, tier.id, email);
  const capacityCheck = tier.capacity == null ? sql`1` : sql`${seatHoldingSql(now, tier.id)} < ${tier.capacity}`;
  const [, grabbed] = await deps.db.batch([
    // The person's own offer stops counting as a seat the moment they use it.
    deps.db
      .update(tierWaitlist)
      .set({ status: "joined", updatedAt: now })
      .where(and(eq(tierWaitlist.id, offer?.status === "offered" ? offer.id : ""), eq(tierWaitlist.status, "offered"))),
    deps.db
      .insert(memberships)
      .select(
        sql`select ${id}, ${community.id}, ${email}, ${tier.id}, ${price.id}, 'incomplete', 0, ${rights.applicationId}, null, null, null, ${holdUntil.getTime()}, null, 0, null, null, null, null, null, null, ${now.getTime()}, ${now.getTime()}, ${variantId}, ${visitorId}, ${inviteId} where ${capacityCheck}`,
      )
      .onConflictDoNothing()
      .returning(),
  ]);
  const membership = grabbed[0];
  if (!membership) {
    if (inviteId) await giveBackInvite(deps.db, inviteId);
    if (tier.capacity != null && !(await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, community.id), eq(memberships.email, email), eq(memberships.status, "incomplete")) }))) {
      const { position } = await joinWaitlist(deps, community, tier, email);
      return { kind: "waitlisted", position };
    }
    throw AppError.conflict("You already have a membership in progress; finish or cancel it first");
  }
  try {
    const url = await openSubscriptionCheckout(deps, community, tier, price, membership);
    return { kind: "checkout", url, membership };
  } catch (err) {
    await deps.db.batch([
      releaseInviteUses(deps.db, sql`m.id = ${membership.id}`),
      deps.db
        .update(memberships)
        .set({ status: "expired", seatHoldUntil: null, endedReason: "checkout could not be opened", updatedAt: deps.now() })
        .where(and(eq(memberships.id, membership.id), eq(memberships.status, "incomplete"))),
    ]);
    throw err;
  }
}

async function openSubscriptionCheckout(deps: Deps, community: Community, tier: Tier, price: TierPrice, m: Membership): Promise<string> {
  const customer = await customerFor(deps, m.email);
  const metadata = { membership_id: m.id, community_id: community.id, tier_id: tier.id };
  const base = `${deps.config.appUrl}/c/${community.slug}`;
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "subscription",
      customer,
      line_items: [{ price: price.stripePriceId, quantity: 1 }],
      client_reference_id: m.id,
      metadata,
      subscription_data: { metadata, ...(tier.trialDays > 0 ? { trial_period_days: tier.trialDays } : {}) },
      success_url: `${base}/home?joined=1`,
      cancel_url: `${base}/join?cancelled=1`,
      expires_at: Math.floor(deps.now().getTime() / 1000) + SEAT_HOLD_SECONDS,
    },
    { idempotencyKey: `threshold:membership-checkout:${m.id}` },
  );
  await deps.db.update(memberships).set({ checkoutSessionId: session.id, stripeCustomerId: customer, updatedAt: deps.now() }).where(eq(memberships.id, m.id));
  if (!session.url) throw new AppError(502, "stripe_error", "Stripe did not return a checkout URL");
  return session.url;
}

/**
 * A person back on the join page while a seat hold is still theirs: the same choice resumes the
 * open Checkout; a different choice gives the old hold (and its session) up first.
 */
async function reuseOrReleaseHold(deps: Deps, email: string, communityId: string, tierId: string, priceId: string): Promise<JoinOutcome | null> {
  const hold = await deps.db.query.memberships.findFirst({
    where: and(eq(memberships.communityId, communityId), eq(memberships.email, email), eq(memberships.status, "incomplete")),
  });
  if (!hold) return null;
  const session = hold.checkoutSessionId ? await deps.stripe.checkout.sessions.retrieve(hold.checkoutSessionId) : null;
  const live = hold.seatHoldUntil && hold.seatHoldUntil > deps.now();
  if (session?.status === "complete") throw AppError.conflict("Your payment is being confirmed; your member home opens in a moment");
  if (live && session?.status === "open" && session.url && hold.tierId === tierId && hold.priceId === priceId) {
    return { kind: "checkout", url: session.url, membership: hold };
  }
  if (session?.status === "open") await deps.stripe.checkout.sessions.expire(session.id);
  await deps.db.batch([
    releaseInviteUses(deps.db, sql`m.id = ${hold.id}`),
    deps.db
      .update(memberships)
      .set({ status: "expired", seatHoldUntil: null, endedAt: deps.now(), endedReason: "replaced by a new choice", updatedAt: deps.now() })
      .where(and(eq(memberships.id, hold.id), eq(memberships.status, "incomplete"))),
  ]);
  return null;
}

/** Cron: seat holds whose Checkout was never finished give their seat (and invite use) back. */
export async function expireSeatHolds(deps: Deps): Promise<number> {
  const now = deps.now();
  // At most a run's worth, found on memberships_seat_hold_idx; the rest wait for the next run.
  const due = await deps.db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.status, "incomplete"), sql`${memberships.seatHoldUntil} <= ${now.getTime()}`))
    .limit(CRON_BATCH);
  if (!due.length) return 0;
  const ids = due.map((row) => row.id);
  const [, lapsed] = await deps.db.batch([
    releaseInviteUses(deps.db, sql`m.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`),
    deps.db
      .update(memberships)
      .set({ status: "expired", endedAt: now, endedReason: "checkout not completed", updatedAt: now })
      .where(and(inArray(memberships.id, ids), eq(memberships.status, "incomplete")))
      .returning({ id: memberships.id }),
  ]);
  return lapsed.length;
}

export interface JoinRequest {
  email: string;
  tierId: string;
  interval: BillingInterval;
  /** An invite token for an invite-only tier. */
  invite?: string | null;
  visitor?: Visitor | null;
  /** How the tier field is named in the caller's input, for the 400. */
  tierField?: string;
}

/**
 * The whole join request, shared by the join page and the API: an open tier of this community,
 * a usable invite if one is given, the person's rights, and the seat grab, which takes the
 * invite's use when the invite is what lets them into the tier.
 */
export async function joinCommunity(deps: Deps, community: Community, req: JoinRequest): Promise<JoinOutcome> {
  const tier = await openTier(deps, community, req.tierId, req.tierField ?? "tierId");
  const invite = req.invite ? await usableInviteFor(deps, community, req.invite, req.email) : null;
  const rights = await joinRights(deps, community, req.email, { inviteTierId: invite?.tier.id ?? null });
  const usesInvite = invite && invite.tier.id === tier.id && tier.visibility === "invite_only";
  return startJoin(deps, community, { email: req.email, tier, interval: req.interval, rights, visitor: req.visitor, inviteId: usesInvite ? invite.invite.id : null });
}

/** An invite that can still be used, by this person, in this community; anything else is a 403. */
export async function usableInviteFor(deps: Deps, community: Community, token: string, email: string) {
  const usable = await findUsableInvite(deps.db, token, deps.now());
  if (!usable || !inviteAllows(usable.invite, email) || usable.tier.communityId !== community.id) {
    throw AppError.forbidden("This invite link is not valid any more, or is for someone else");
  }
  return usable;
}

/** A tier of this community that is still open (not archived), else a 400 naming `field`. */
export async function openTier(deps: Pick<Deps, "db">, community: Community, tierId: string, field: string): Promise<Tier> {
  if (!tierId || tierId.length > 64) throw AppError.validation([{ field, message: "Choose one of the tiers" }]);
  const tier = await deps.db.query.tiers.findFirst({ where: and(eq(tiers.id, tierId), eq(tiers.communityId, community.id), sql`${tiers.archivedAt} is null`) });
  if (!tier) throw AppError.validation([{ field, message: "Choose one of the tiers" }]);
  return tier;
}
