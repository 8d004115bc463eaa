import { and, eq } from "drizzle-orm";
import { LIVE_MEMBERSHIP_STATUSES, memberships, type Community, type Membership } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { offerNextSeat } from "../memberships/waitlist";
import { settleBilling, type ActionOutcome } from "./billing";
import { auditWhere, errorMessage, isLive, liveStatusSql, requireReason } from "./guards";
import { moderatorRevocation } from "./staff";
import { ledgerSnapshot } from "../insights/ledger";

const isLiveStatus = (m: Membership) => (LIVE_MEMBERSHIP_STATUSES as readonly string[]).includes(m.status);

/**
 * The statements that end a live membership at once, with its audit entry; both are guarded by
 * "still live", so in one batch they happen together or not at all. `accessFor` ignores removed
 * memberships, so access ends when the batch commits.
 */
export function removalStatements(db: Db, m: Membership, a: { actor: string; reason: string; at: Date; action: string; detail?: Record<string, unknown> }) {
  return [
    auditWhere(
      db,
      {
        communityId: m.communityId,
        actor: a.actor,
        action: a.action,
        subject: m.email,
        reason: a.reason,
        detail: { membershipId: m.id, tierId: m.tierId, previousStatus: m.status, subscriptionId: m.stripeSubscriptionId, ...a.detail },
        at: a.at,
      },
      isLive(m.id),
    ),
    db
      .update(memberships)
      .set({ status: "removed", endedAt: a.at, endedReason: a.reason, seatHoldUntil: null, updatedAt: a.at })
      .where(and(eq(memberships.id, m.id), liveStatusSql()))
      .returning({ id: memberships.id }),
    // The ledger keeps the ending for insights (a no-op when the removal did not happen).
    ledgerSnapshot(db, m.id, a.at),
  ] as const;
}

export async function getMembership(db: Db, communityId: string, membershipId: string): Promise<Membership> {
  const m = await db.query.memberships.findFirst({ where: and(eq(memberships.id, membershipId), eq(memberships.communityId, communityId)) });
  if (!m) throw AppError.notFound("Member");
  return m;
}

/**
 * Removes a member: one batch ends the membership (access ends at once) and audits it; then the
 * subscription is cancelled at Stripe and, if asked, the current period refunded once. A repeat
 * call on a removed membership changes nothing and only finishes Stripe work a failure left undone.
 */
export async function removeMember(
  deps: Deps,
  community: Pick<Community, "id">,
  membershipId: string,
  opts: { refund: boolean },
  actor: string,
  reason: string,
): Promise<ActionOutcome> {
  const why = requireReason(reason);
  const m = await getMembership(deps.db, community.id, membershipId);
  if (m.status === "removed") {
    return { changed: false, billing: await settleBilling(deps, m, { refund: opts.refund, purpose: "remove", actor }) };
  }
  if (!isLiveStatus(m)) throw AppError.conflict("This membership has already ended");
  const at = deps.now();
  const [, updated] = await deps.db.batch([
    ...removalStatements(deps.db, m, { actor, reason: why, at, action: "member.removed", detail: { refundRequested: opts.refund } }),
    // A removed member keeps no moderator role: access ends for the whole person.
    ...moderatorRevocation(deps.db, m.communityId, m.email, { actor, reason: why, at, action: "member.demoted" }),
  ]);
  // A concurrent call won the race and does the Stripe work; doing it twice at once gains nothing.
  if (!updated.length) return { changed: false };
  const billing = await settleBilling(deps, m, { refund: opts.refund, purpose: "remove", actor });
  await offerFreedSeat(deps, m);
  return { changed: true, billing };
}

/** A freed seat goes to the next person on the tier's waitlist; a failure here must not undo the removal. */
export async function offerFreedSeat(deps: Deps, m: Pick<Membership, "communityId" | "tierId">): Promise<void> {
  try {
    const community = await deps.db.query.communities.findFirst({ where: (c, { eq }) => eq(c.id, m.communityId) });
    if (community) await offerNextSeat(deps, community, m.tierId);
  } catch (err) {
    console.error("could not offer a freed seat", m.tierId, errorMessage(err));
  }
}
