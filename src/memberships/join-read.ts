import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import {
  applications,
  bans,
  experimentAssignments,
  experiments,
  experimentVariants,
  memberships,
  stripeCustomers,
  tierPrices,
  tiers,
  tierInvites,
  tierWaitlist,
  type BillingInterval,
  type Community,
  type ExperimentAssignment,
  type Membership,
  type Tier,
  type TierInvite,
  type TierPrice,
  type WaitlistEntry,
} from "../../drizzle";
import type { LiveExperiment } from "../experiments/assignment";
import type { Visitor } from "../experiments/visitor";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { seatHoldingSql } from "../tiers/seats";
import { AppError } from "../lib/errors";
import type { JoinRights } from "./join";
import { firstMonthOfferQueries, readFirstMonthOffer, type FirstMonthOffer } from "../referrals/join-discount";

/**
 * Everything a join request needs, read in ONE round trip with every statement keyed by what the
 * request names (community, email, tier id, interval, invite token, visitor): the tier, the invite,
 * the person's rights, the tier's prices with any running price test on this interval and this
 * visitor's or email's assignment to it, a seat hold of theirs, their waitlist entry, and their
 * Stripe customer.
 */
export interface JoinRead {
  tier: Tier | undefined;
  /** The usable invite behind the token, on an open tier of this community. */
  invite: TierInvite | undefined;
  rights: BatchResponse<ReturnType<typeof joinRightsQueries>>;
  /** The tier's active prices and the prices the live test's variants point at. */
  prices: TierPrice[];
  live: LiveExperiment | null;
  /** This visitor's assignment to the live test, else the first linked to this email. */
  assignment: ExperimentAssignment | undefined;
  /** A seat hold (incomplete membership) of theirs in this community. */
  hold: Membership | undefined;
  /** Their open waitlist entry for this tier. */
  waitlist: WaitlistEntry | undefined;
  customerId: string | null;
  /** A referral offer on this person's first month, if any. */
  firstMonth: FirstMonthOffer | null;
  /** Seats taken in the tier when read (see `seatHoldingSql`). */
  seatsTaken: number;
}

export async function readJoin(
  deps: Deps,
  community: Community,
  req: { email: string; tierId: string; interval: BillingInterval; invite: string | null; visitor: Visitor | null },
): Promise<JoinRead> {
  const db = deps.db;
  const who = req.email.toLowerCase();
  const liveIds = liveTestQuery(db, community.id, req.tierId, req.interval);
  const [tierRows, inviteRows, prices, experimentRows, variants, assignments, holds, waitlist, customers, taken, referralRows, programRows, ...rights] = await db.batch([
    db.select().from(tiers).where(and(eq(tiers.id, req.tierId), eq(tiers.communityId, community.id), isNull(tiers.archivedAt))).limit(1),
    // The invite row alone: a joined select in a D1 batch would mix up same-named columns (id).
    db
      .select()
      .from(tierInvites)
      .where(
        and(
          eq(tierInvites.token, wellFormedToken(req.invite)),
          gt(tierInvites.expiresAt, deps.now()),
          lt(tierInvites.uses, tierInvites.maxUses),
          inArray(tierInvites.tierId, db.select({ id: tiers.id }).from(tiers).where(and(eq(tiers.communityId, community.id), isNull(tiers.archivedAt)))),
        ),
      )
      .limit(1),
    db
      .select()
      .from(tierPrices)
      .where(
        or(
          and(eq(tierPrices.tierId, req.tierId), eq(tierPrices.active, true)),
          inArray(tierPrices.id, db.select({ id: experimentVariants.tierPriceId }).from(experimentVariants).where(inArray(experimentVariants.experimentId, liveIds))),
        ),
      )
      .orderBy(asc(tierPrices.createdAt), asc(tierPrices.id)),
    db.select().from(experiments).where(inArray(experiments.id, liveIds)),
    db.select().from(experimentVariants).where(inArray(experimentVariants.experimentId, liveIds)).orderBy(asc(experimentVariants.position)),
    db
      .select()
      .from(experimentAssignments)
      .where(
        and(
          inArray(experimentAssignments.experimentId, liveIds),
          or(eq(experimentAssignments.visitorId, req.visitor && !req.visitor.bot ? req.visitor.id : ""), eq(experimentAssignments.email, who)),
        ),
      )
      .orderBy(asc(experimentAssignments.assignedAt)),
    db.select().from(memberships).where(and(eq(memberships.communityId, community.id), eq(memberships.email, who), eq(memberships.status, "incomplete"))).limit(1),
    db
      .select()
      .from(tierWaitlist)
      .where(and(eq(tierWaitlist.tierId, req.tierId), eq(tierWaitlist.email, who), sql`${tierWaitlist.status} in ('waiting', 'offered')`))
      .limit(1),
    db.select().from(stripeCustomers).where(eq(stripeCustomers.email, who)).limit(1),
    db.select({ n: seatHoldingSql(deps.now(), req.tierId) }).from(tiers).where(eq(tiers.id, req.tierId)),
    ...firstMonthOfferQueries(db, community.id, who),
    ...joinRightsQueries(db, community.id, who),
  ]);
  const experiment = experimentRows[0];
  const visitorId = req.visitor?.id;
  return {
    tier: tierRows[0],
    invite: inviteRows[0],
    rights: rights as JoinRead["rights"],
    prices,
    live: experiment ? { experiment, variants } : null,
    // As `assignVariant` looks them up: the visitor's own first, else the person's earliest.
    assignment: assignments.find((a) => a.visitorId === visitorId) ?? assignments.find((a) => a.email === who),
    hold: holds[0],
    waitlist: waitlist[0],
    customerId: customers[0]?.stripeCustomerId ?? null,
    firstMonth: readFirstMonthOffer([referralRows, programRows]),
    seatsTaken: taken[0]?.n ?? 0,
  };
}

/** Invite tokens are 20 to 64 characters; anything else matches nothing. */
function wellFormedToken(token: string | null): string {
  return token && token.length >= 20 && token.length <= 64 ? token : "";
}

/** The running (or paused) price test on one tier's interval, as an id subquery: one per price at a time. */
function liveTestQuery(db: Db, communityId: string, tierId: string, interval: BillingInterval) {
  return db
    .select({ id: experiments.id })
    .from(experiments)
    .where(
      and(
        eq(experiments.communityId, communityId),
        eq(experiments.target, "tier_price"),
        eq(experiments.tierId, tierId),
        eq(experiments.interval, interval),
        inArray(experiments.status, ["running", "paused"]),
      ),
    )
    .limit(1);
}

/** The statements behind `joinRights`, for a batch: the ban, an approved application, a live membership, the tiers. */
export function joinRightsQueries(db: Db, communityId: string, email: string) {
  const who = email.toLowerCase();
  return [
    db.select().from(bans).where(and(eq(bans.communityId, communityId), eq(bans.email, who))),
    db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.communityId, communityId), eq(applications.email, who), eq(applications.status, "approved")))
      .orderBy(desc(applications.decidedAt))
      .limit(1),
    db
      .select()
      .from(memberships)
      .where(and(eq(memberships.communityId, communityId), eq(memberships.email, who), inArray(memberships.status, ["trialing", "active", "past_due", "unpaid"]))),
    db.select().from(tiers).where(and(eq(tiers.communityId, communityId), sql`${tiers.archivedAt} is null`)),
  ] as const;
}

/** `joinRights` from its statements' results; throws the 403 or 409 that refuses. */
export function readJoinRights([ban, approved, live, allTiers]: BatchResponse<ReturnType<typeof joinRightsQueries>>, inviteTierId: string | null): JoinRights {
  if (ban.length) throw AppError.forbidden("This email cannot join this community");
  if (live.length) throw AppError.conflict("You are already a member; manage your membership from your member home");
  const allowed = new Set<string>();
  if (approved.length) for (const t of allTiers) if (t.visibility === "public") allowed.add(t.id);
  if (inviteTierId && allTiers.some((t) => t.id === inviteTierId)) allowed.add(inviteTierId);
  if (!allowed.size) throw AppError.forbidden("Joining needs an approved application or an invite");
  return { allowedTierIds: allowed, applicationId: approved[0]?.id ?? null };
}

