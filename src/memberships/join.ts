import { and, eq, inArray, sql } from "drizzle-orm";
import { memberships, stripeCustomers, tiers, tierWaitlist, type BillingInterval, type Community, type Membership, type Tier, type TierPrice } from "../../drizzle";
import type { Deps } from "../env";
import { batchAll, CRON_BATCH, type BatchItem } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { createCustomer } from "./customers";
import { joinRightsQueries, readJoin, readJoinRights, type JoinRead } from "./join-read";
import { seatHoldingSql } from "../tiers/seats";
import { joinWaitlist } from "./waitlist";
import { tierPriceFromRead } from "../experiments/pricing";
import { consumeInvite, findUsableInvite, giveBackInvite, inviteAllows, releaseInviteUses } from "../tiers/invites";
import type { Visitor } from "../experiments/visitor";
import type { FirstMonthOffer, JoinDiscount } from "../referrals/join-discount";

/** Finds the discount (if any) for the tier and price a join settled on. */
export type DiscountLookup = (tier: Tier, price: TierPrice, offer: FirstMonthOffer | null) => Promise<JoinDiscount | null>;

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
  return readJoinRights(await deps.db.batch(joinRightsQueries(deps.db, community.id, email)), opts.inviteTierId ?? null);
}

export type JoinOutcome = { kind: "checkout"; url: string; membership: Membership } | { kind: "waitlisted"; position: number };

/**
 * Grabs a seat and opens a subscription Checkout for it, after one read batch (`readJoin`):
 * the Checkout Session is opened first, for a membership id chosen here, and then ONE batch
 * stores the Stripe customer, the price test's assignment, gives up an older seat hold, and grabs
 * the seat with that session on it. The seat grab is one conditional insert (live seats + unexpired
 * holds + open offers < capacity), so of many people racing for the last seat exactly one gets it;
 * the others' sessions are expired unseen and they go on the waitlist. The price is the tier's
 * active price (or this visitor's variant), read here, never taken from the request. With
 * `inviteId`, the insert also needs a use left on the invite, and the same batch takes that use
 * only if the membership went in; it is held until its Checkout completes or lapses.
 */
export async function startJoin(
  deps: Deps,
  community: Community,
  input: {
    email: string;
    tier: Tier;
    interval: BillingInterval;
    rights: JoinRights;
    visitor?: Visitor | null;
    inviteId?: string | null;
    read?: JoinRead;
    /** A promotion code or referral offer on the first invoice, priced on the price chosen here. */
    discountFor?: DiscountLookup;
  },
): Promise<JoinOutcome> {
  const { tier, interval, rights } = input;
  const email = input.email.toLowerCase();
  const inviteId = input.inviteId ?? null;
  const read = input.read ?? (await readJoin(deps, community, { email, tierId: tier.id, interval, invite: null, visitor: input.visitor ?? null }));
  if (!rights.allowedTierIds.has(tier.id)) throw AppError.forbidden("This tier is by invitation only");
  // The price shown on the join page: the tier's, or this visitor's variant while a test runs.
  const shown = tierPriceFromRead(deps, read, tier.id, interval, input.visitor ?? null, email);
  if (!shown) throw AppError.validation([{ field: "interval", message: `${tier.name} has no ${interval}ly price` }]);
  const price = shown.price;
  const variantId = shown.variant?.id ?? null;
  const visitorId = shown.variant && input.visitor ? input.visitor.id : null;

  const discount = input.discountFor ? await input.discountFor(tier, price, read.firstMonth) : null;
  const held = await resumeOrGiveUpHold(deps, read.hold, tier.id, price.id);
  if (held.resumed) return held.resumed;

  const now = deps.now();
  // A tier already full when read goes straight to the waitlist, without a Checkout at Stripe.
  if (!seatMayBeFree(tier, read, held.giveUp.length > 0, now)) {
    await batchAll(deps.db, held.giveUp);
    return noSeat(deps, community, tier, email);
  }
  // An invite's use is taken before any Checkout opens (one more round trip on this path only),
  // so of many people racing for its last use the others are refused without a session.
  if (inviteId && !(await consumeInvite(deps.db, inviteId, now))) {
    throw AppError.forbidden("This invite link has been used up or has expired");
  }
  const id = newId("mem");
  const holdUntil = new Date(now.getTime() + SEAT_HOLD_SECONDS * 1000);
  let session: { id: string; url: string };
  let customer: string;
  try {
    customer = read.customerId ?? (await createCustomer(deps, email));
    session = await openSubscriptionCheckout(deps, community, tier, price, { id, email, customer }, discount);
  } catch (err) {
    if (inviteId) await giveBackInvite(deps.db, inviteId);
    throw err;
  }
  const offer = read.waitlist?.status === "offered" ? read.waitlist.id : "";
  const capacityCheck = tier.capacity == null ? sql`1` : sql`${seatHoldingSql(now, tier.id)} < ${tier.capacity}`;
  const writes = [
    // The person's own offer stops counting as a seat the moment they use it.
    deps.db
      .update(tierWaitlist)
      .set({ status: "joined", updatedAt: now })
      .where(and(eq(tierWaitlist.id, offer), eq(tierWaitlist.status, "offered"))),
    ...(read.customerId ? [] : [deps.db.insert(stripeCustomers).values({ email, stripeCustomerId: customer, createdAt: now }).onConflictDoNothing()]),
    ...(shown.write ? [shown.write] : []),
    ...held.giveUp,
    deps.db
      .insert(memberships)
      .select(
        sql`select ${id}, ${community.id}, ${email}, ${tier.id}, ${price.id}, 'incomplete', 0, ${rights.applicationId}, ${customer}, null, ${session.id}, ${holdUntil.getTime()}, null, 0, null, null, null, null, null, null, ${now.getTime()}, ${now.getTime()}, ${variantId}, ${visitorId}, ${inviteId} where ${capacityCheck}`,
      )
      .onConflictDoNothing()
      .returning(),
  ] as const;
  // The discount's writes follow the seat's insert and happen only if it went in; a code whose last
  // use went meanwhile fails the batch, which then leaves nothing and nobody sees the session.
  const results = await deps.db.batch([...writes, ...(discount?.writes(id, email, now) ?? [])]).catch(async (err) => {
    await deps.stripe.checkout.sessions.expire(session.id).catch(() => undefined);
    if (inviteId) await giveBackInvite(deps.db, inviteId);
    throw discount ? discount.explain(err) : err;
  });
  const membership = (results[writes.length - 1] as Membership[])[0];
  if (membership) return { kind: "checkout", url: session.url, membership };
  // No seat after all (someone took the last one meanwhile): nobody ever sees this session.
  await deps.stripe.checkout.sessions.expire(session.id).catch((e) => console.error("could not expire unused checkout session", session.id, e));
  if (inviteId) await giveBackInvite(deps.db, inviteId);
  return noSeat(deps, community, tier, email);
}

/** Whether the seat grab can succeed, as far as the read batch saw: the person's own open offer and the hold they are giving up count as theirs. */
function seatMayBeFree(tier: Tier, read: JoinRead, givingUpHold: boolean, now: Date): boolean {
  if (tier.capacity == null) return true;
  const ownOffer = read.waitlist?.status === "offered" && !!read.waitlist.offerExpiresAt && read.waitlist.offerExpiresAt > now ? 1 : 0;
  const ownHold = givingUpHold && read.hold?.tierId === tier.id && !!read.hold.seatHoldUntil && read.hold.seatHoldUntil > now ? 1 : 0;
  return read.seatsTaken - ownOffer - ownHold < tier.capacity;
}

/** No seat for this person: a full capped tier puts them on its waitlist; otherwise they already have a join in progress. */
async function noSeat(deps: Deps, community: Community, tier: Tier, email: string): Promise<JoinOutcome> {
  if (tier.capacity != null && !(await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, community.id), eq(memberships.email, email), eq(memberships.status, "incomplete")) }))) {
    const { position } = await joinWaitlist(deps, community, tier, email);
    return { kind: "waitlisted", position };
  }
  throw AppError.conflict("You already have a membership in progress; finish or cancel it first");
}

async function openSubscriptionCheckout(deps: Deps, community: Community, tier: Tier, price: TierPrice, m: { id: string; email: string; customer: string }, discount: JoinDiscount | null) {
  const metadata = { membership_id: m.id, community_id: community.id, tier_id: tier.id };
  const base = `${deps.config.appUrl}/c/${community.slug}`;
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "subscription",
      customer: m.customer,
      line_items: [{ price: price.stripePriceId, quantity: 1 }],
      ...(discount?.checkout ?? {}),
      client_reference_id: m.id,
      metadata,
      subscription_data: { metadata, ...(tier.trialDays > 0 ? { trial_period_days: tier.trialDays } : {}) },
      success_url: `${base}/home?joined=1`,
      cancel_url: `${base}/join?cancelled=1`,
      expires_at: Math.floor(deps.now().getTime() / 1000) + SEAT_HOLD_SECONDS,
    },
    { idempotencyKey: `threshold:membership-checkout:${m.id}` },
  );
  if (!session.url) throw new AppError(502, "stripe_error", "Stripe did not return a checkout URL");
  return { id: session.id, url: session.url };
}

/**
 * A person back on the join page while a seat hold is still theirs: the same choice resumes the
 * open Checkout; a different choice expires the old session and gives the hold (and its invite
 * use) up in the new seat's batch, before the grab, so its seat counts for the new choice.
 */
async function resumeOrGiveUpHold(deps: Deps, hold: Membership | undefined, tierId: string, priceId: string): Promise<{ resumed?: JoinOutcome; giveUp: BatchItem[] }> {
  if (!hold) return { giveUp: [] };
  const session = hold.checkoutSessionId ? await deps.stripe.checkout.sessions.retrieve(hold.checkoutSessionId) : null;
  const live = hold.seatHoldUntil && hold.seatHoldUntil > deps.now();
  if (session?.status === "complete") throw AppError.conflict("Your payment is being confirmed; your member home opens in a moment");
  if (live && session?.status === "open" && session.url && hold.tierId === tierId && hold.priceId === priceId) {
    return { resumed: { kind: "checkout", url: session.url, membership: hold }, giveUp: [] };
  }
  if (session?.status === "open") await deps.stripe.checkout.sessions.expire(session.id);
  return {
    giveUp: [
      releaseInviteUses(deps.db, sql`m.id = ${hold.id}`),
      deps.db
        .update(memberships)
        .set({ status: "expired", seatHoldUntil: null, endedAt: deps.now(), endedReason: "replaced by a new choice", updatedAt: deps.now() })
        .where(and(eq(memberships.id, hold.id), eq(memberships.status, "incomplete"))),
    ],
  };
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
  discountFor?: DiscountLookup;
}

/**
 * The whole join request, shared by the join page and the API: an open tier of this community,
 * a usable invite if one is given, the person's rights, and the seat grab, which takes the
 * invite's use when the invite is what lets them into the tier. One read batch, then one write
 * batch after the Checkout Session is opened.
 */
export async function joinCommunity(deps: Deps, community: Community, req: JoinRequest): Promise<JoinOutcome> {
  const field = req.tierField ?? "tierId";
  checkTierId(req.tierId, field);
  const read = await readJoin(deps, community, { email: req.email, tierId: req.tierId, interval: req.interval, invite: req.invite ?? null, visitor: req.visitor ?? null });
  const tier = read.tier;
  if (!tier) throw AppError.validation([{ field, message: "Choose one of the tiers" }]);
  if (req.invite && (!read.invite || !inviteAllows(read.invite, req.email))) throw invalidInvite();
  const invite = req.invite ? read.invite! : null;
  const rights = readJoinRights(read.rights, invite?.tierId ?? null);
  const usesInvite = invite && invite.tierId === tier.id && tier.visibility === "invite_only";
  return startJoin(deps, community, { email: req.email, tier, interval: req.interval, rights, visitor: req.visitor ?? null, inviteId: usesInvite ? invite.id : null, read, discountFor: req.discountFor });
}

/** An invite that can still be used, by this person, in this community; anything else is a 403. */
export async function usableInviteFor(deps: Deps, community: Community, token: string, email: string) {
  const usable = await findUsableInvite(deps.db, token, deps.now());
  if (!usable || !inviteAllows(usable.invite, email) || usable.tier.communityId !== community.id) throw invalidInvite();
  return usable;
}

const invalidInvite = () => AppError.forbidden("This invite link is not valid any more, or is for someone else");

/** A tier of this community that is still open (not archived), else a 400 naming `field`. */
export async function openTier(deps: Pick<Deps, "db">, community: Community, tierId: string, field: string): Promise<Tier> {
  checkTierId(tierId, field);
  const tier = await deps.db.query.tiers.findFirst({ where: and(eq(tiers.id, tierId), eq(tiers.communityId, community.id), sql`${tiers.archivedAt} is null`) });
  if (!tier) throw AppError.validation([{ field, message: "Choose one of the tiers" }]);
  return tier;
}

function checkTierId(tierId: string, field: string): void {
  if (!tierId || tierId.length > 64) throw AppError.validation([{ field, message: "Choose one of the tiers" }]);
}
