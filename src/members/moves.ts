import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { applications, bans, memberships, tierPrices, tiers, type Community, type Membership, type Tier } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { activePrices } from "../tiers/prices";
import { settleBilling, type ActionOutcome } from "./billing";
import { auditIdFor, auditWhere, liveStatusSql, normalizeEmail, requireReason } from "./guards";
import { getMembership, offerFreedSeat } from "./removal";
import { ledgerSnapshot } from "../insights/ledger";

export type MoveMode = "comped" | "paid";

/** Memberships an owner may move: current ones, not a seat hold still in Checkout. */
const MOVABLE = new Set<Membership["status"]>(["active", "trialing", "past_due", "unpaid"]);

async function targetTier(deps: Pick<Deps, "db">, communityId: string, tierId: string): Promise<Tier> {
  const tier = await deps.db.query.tiers.findFirst({ where: and(eq(tiers.id, tierId), eq(tiers.communityId, communityId), isNull(tiers.archivedAt)) });
  if (!tier) throw AppError.validation([{ field: "tierId", message: "Choose one of this community's tiers" }]);
  return tier;
}

/**
 * Moves a member to another tier. Comped: the membership points at the tier for free and any
 * subscription is cancelled at Stripe at once (the membership stays active; the subscription id
 * is kept for history). Paid: the subscription switches to the tier's active price of the same
 * interval, prorated, and the membership follows.
 */
export async function moveToTier(
  deps: Deps,
  community: Pick<Community, "id">,
  membershipId: string,
  tierId: string,
  opts: { mode: MoveMode },
  actor: string,
  reason: string,
): Promise<ActionOutcome> {
  const why = requireReason(reason);
  const m = await getMembership(deps.db, community.id, membershipId);
  const tier = await targetTier(deps, community.id, tierId);
  if (!MOVABLE.has(m.status)) throw AppError.conflict("Only a current member can be moved; this membership is " + m.status);
  return opts.mode === "comped" ? compMembership(deps, m, tier, actor, why) : movePaid(deps, m, tier, actor, why);
}

async function compMembership(deps: Deps, m: Membership, tier: Tier, actor: string, reason: string): Promise<ActionOutcome> {
  const already = m.comped && m.tierId === tier.id && m.status === "active";
  let changed = false;
  if (!already) {
    const at = deps.now();
    const guard = sql`${memberships.id} = ${m.id} and ${liveStatusSql()} and not (${memberships.comped} = 1 and ${memberships.tierId} = ${tier.id} and ${memberships.status} = 'active')`;
    const [, updated] = await deps.db.batch([
      auditWhere(
        deps.db,
        {
          communityId: m.communityId,
          actor,
          // Comping a payer changes what they pay; moving someone already comped only changes their tier.
          action: m.comped ? "member.moved" : "member.comped",
          subject: m.email,
          reason,
          detail: { membershipId: m.id, fromTierId: m.tierId, toTierId: tier.id, tierName: tier.name, comped: true, subscriptionId: m.stripeSubscriptionId },
          at,
        },
        sql`exists (select 1 from ${memberships} where ${guard})`,
      ),
      deps.db
        .update(memberships)
        .set({ tierId: tier.id, priceId: null, comped: true, status: "active", cancelAtPeriodEnd: false, pastDueSince: null, pendingPriceId: null, pendingPriceAt: null, joinedAt: m.joinedAt ?? at, updatedAt: at })
        .where(guard)
        .returning({ id: memberships.id }),
      ledgerSnapshot(deps.db, m.id, at),
    ]);
    changed = updated.length > 0;
    // A concurrent twin won the race and does the Stripe work.
    if (!changed) return { changed };
  }
  // Also on a repeat: a cancellation a Stripe failure left undone is finished now.
  const billing = await settleBilling(deps, m, { refund: false, purpose: "comp", actor });
  if (changed && m.tierId !== tier.id) await offerFreedSeat(deps, m);
  return { changed, billing };
}

async function movePaid(deps: Deps, m: Membership, tier: Tier, actor: string, reason: string): Promise<ActionOutcome> {
  if (m.comped || !m.stripeSubscriptionId) throw AppError.conflict("This member has no paid subscription to change; move them as comped instead");
  const current = m.priceId ? await deps.db.query.tierPrices.findFirst({ where: eq(tierPrices.id, m.priceId) }) : undefined;
  if (!current) throw AppError.conflict("This membership has no known price to switch from");
  const target = (await activePrices(deps.db, tier.id))[current.interval];
  if (!target) throw AppError.validation([{ field: "tierId", message: `${tier.name} has no active ${current.interval}ly price` }]);
  if (target.currency !== current.currency) throw AppError.validation([{ field: "tierId", message: `${tier.name} is priced in ${target.currency.toUpperCase()}, this member pays in ${current.currency.toUpperCase()}` }]);
  if (m.tierId === tier.id && m.priceId === target.id) return { changed: false };

  // Stripe first: the membership must never point at a tier nobody pays for.
  const opKey = `threshold:member-move:${m.id}:${current.id}:${target.id}:${m.updatedAt.getTime()}`;
  const sub = await deps.stripe.subscriptions.retrieve(m.stripeSubscriptionId);
  if (sub.status === "canceled" || sub.status === "incomplete_expired") throw AppError.conflict("This member's subscription has ended");
  const item = sub.items.data[0];
  if (!item) throw AppError.conflict("This member's subscription has no item to change");
  if (item.price.id !== target.stripePriceId) {
    await deps.stripe.subscriptions.update(
      sub.id,
      { items: [{ id: item.id, price: target.stripePriceId }], proration_behavior: "create_prorations" },
      { idempotencyKey: opKey },
    );
  }
  const at = deps.now();
  // The webhook sync may write the same tier and price first; the audit id comes from the
  // operation, so this move is recorded once whoever updates the row.
  await deps.db.batch([
    auditWhere(
      deps.db,
      {
        communityId: m.communityId,
        actor,
        action: "member.moved",
        subject: m.email,
        reason,
        detail: { membershipId: m.id, fromTierId: m.tierId, toTierId: tier.id, tierName: tier.name, fromPriceId: current.id, toPriceId: target.id, amount: target.amount, currency: target.currency, interval: target.interval },
        at,
      },
      sql`1`,
      await auditIdFor(opKey),
    ),
    deps.db
      .update(memberships)
      .set({ tierId: tier.id, priceId: target.id, pendingPriceId: null, pendingPriceAt: null, updatedAt: at })
      .where(and(eq(memberships.id, m.id), liveStatusSql(), eq(memberships.comped, false))),
    ledgerSnapshot(deps.db, m.id, at),
  ]);
  if (m.tierId !== tier.id) await offerFreedSeat(deps, m);
  return { changed: true };
}

/**
 * Gives a person a comped membership of a tier: an approved applicant or anyone the owner names.
 * Someone who already has a membership is moved instead; a banned email is refused.
 */
export async function compByEmail(
  deps: Deps,
  community: Pick<Community, "id">,
  email: string,
  tierId: string,
  actor: string,
  reason: string,
): Promise<ActionOutcome & { membershipId: string }> {
  const why = requireReason(reason);
  const who = normalizeEmail(email);
  const tier = await targetTier(deps, community.id, tierId);
  const [ban, live, approved] = await deps.db.batch([
    deps.db.select({ email: bans.email }).from(bans).where(and(eq(bans.communityId, community.id), eq(bans.email, who))),
    deps.db.select().from(memberships).where(and(eq(memberships.communityId, community.id), eq(memberships.email, who), liveStatusSql())),
    deps.db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.communityId, community.id), eq(applications.email, who), eq(applications.status, "approved")))
      .orderBy(desc(applications.decidedAt))
      .limit(1),
  ]);
  if (ban.length) throw AppError.conflict(`${who} is banned from this community; unban them first`);
  if (live[0]) {
    if (live[0].status === "incomplete") throw AppError.conflict(`${who} is in Checkout right now; try again in a few minutes`);
    return { ...(await moveToTier(deps, community, live[0].id, tier.id, { mode: "comped" }, actor, why)), membershipId: live[0].id };
  }
  const id = newId("mem");
  const at = deps.now();
  const noLive = sql`not exists (select 1 from ${memberships} where ${memberships.communityId} = ${community.id} and ${memberships.email} = ${who} and ${liveStatusSql()})`;
  const [, inserted] = await deps.db.batch([
    auditWhere(deps.db, { communityId: community.id, actor, action: "member.comped", subject: who, reason: why, detail: { membershipId: id, toTierId: tier.id, tierName: tier.name, newMembership: true }, at }, noLive),
    deps.db
      .insert(memberships)
      .values({ id, communityId: community.id, email: who, tierId: tier.id, priceId: null, status: "active", comped: true, applicationId: approved[0]?.id ?? null, joinedAt: at, createdAt: at, updatedAt: at })
      .onConflictDoNothing()
      .returning({ id: memberships.id }),
    ledgerSnapshot(deps.db, id, at),
  ]);
  if (inserted.length) return { changed: true, membershipId: id };
  // A concurrent call created the membership first.
  const winner = await deps.db.query.memberships.findFirst({ where: and(eq(memberships.communityId, community.id), eq(memberships.email, who), liveStatusSql()) });
  if (!winner) throw AppError.conflict("The membership changed meanwhile; try again");
  return { changed: false, membershipId: winner.id };
}
