import { and, desc, eq, inArray } from "drizzle-orm";
import { bans, communityStaff, LIVE_MEMBERSHIP_STATUSES, memberships, tiers, type Membership, type Tier } from "../../drizzle";
import type { Config } from "../env";
import type { Db } from "../lib/db";

export type AccessRole = "operator" | "owner" | "moderator" | "member" | "none";

/**
 * What one person may see in one community, decided in one place. Every gated route, page, API
 * endpoint and content feature asks this and nothing else.
 */
export interface Access {
  email: string | null;
  role: AccessRole;
  banned: boolean;
  /** The person's live membership, whether or not it grants access right now. */
  membership: Membership | null;
  tier: Tier | null;
  /** Why a member has (or lacks) access: in good standing, in the past-due grace period, or lapsed. */
  standing: "good" | "grace" | "lapsed" | "none";
  /** Rank of the tier whose content the person may see; staff see everything (Infinity). */
  rank: number;
  graceEndsAt: Date | null;
}

const NO_RANK = Number.NEGATIVE_INFINITY;

export async function accessFor(
  deps: { db: Db; config: Pick<Config, "operatorEmails"> },
  community: { id: string; graceDays: number },
  email: string | null | undefined,
  now: Date,
): Promise<Access> {
  const base: Access = { email: email ?? null, role: "none", banned: false, membership: null, tier: null, standing: "none", rank: NO_RANK, graceEndsAt: null };
  if (!email) return base;
  const who = email.toLowerCase();
  const live = and(eq(memberships.communityId, community.id), eq(memberships.email, who), inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES]));
  // One round trip. The tier comes by subquery rather than a join: D1 batches return rows keyed
  // by column name, and two tables' same-named columns would collide.
  const [staffRows, banRows, memberRows, tierRows] = await deps.db.batch([
    deps.db.select().from(communityStaff).where(and(eq(communityStaff.communityId, community.id), eq(communityStaff.email, who))),
    deps.db.select().from(bans).where(and(eq(bans.communityId, community.id), eq(bans.email, who))),
    deps.db.select().from(memberships).where(live).limit(1),
    deps.db
      .select()
      .from(tiers)
      .where(inArray(tiers.id, deps.db.select({ id: memberships.tierId }).from(memberships).where(live)))
      .limit(1),
  ]);
  const staff = staffRows[0]?.role ?? null;
  const operator = deps.config.operatorEmails.includes(who);
  const member = memberRows[0] && tierRows[0] ? { membership: memberRows[0], tier: tierRows[0] } : null;
  const result: Access = { ...base, email: who, membership: member?.membership ?? null, tier: member?.tier ?? null };
  if (operator || staff) {
    return { ...result, role: operator ? "operator" : staff!, rank: Number.POSITIVE_INFINITY, standing: member ? standingOf(member.membership, community.graceDays, now).standing : "none" };
  }
  if (banRows.length) return { ...result, banned: true };
  if (!member) return result;
  const { standing, graceEndsAt } = standingOf(member.membership, community.graceDays, now);
  if (standing === "lapsed" || standing === "none") return { ...result, standing, graceEndsAt };
  return { ...result, role: "member", standing, graceEndsAt, rank: member.tier.rank };
}

/** A membership's standing at a moment: the grace period runs from when it first went past due. */
export function standingOf(m: Membership, graceDays: number, now: Date): { standing: Access["standing"]; graceEndsAt: Date | null } {
  switch (m.status) {
    case "active":
    case "trialing":
      return { standing: "good", graceEndsAt: null };
    case "past_due": {
      const since = m.pastDueSince ?? now;
      const graceEndsAt = new Date(since.getTime() + graceDays * 86_400_000);
      return { standing: now < graceEndsAt ? "grace" : "lapsed", graceEndsAt };
    }
    case "unpaid":
      return { standing: "lapsed", graceEndsAt: null };
    default:
      return { standing: "none", graceEndsAt: null };
  }
}

/**
 * Why someone who was a member no longer is: their ban, or the newest membership the team
 * removed, with the reason given. Shown to that person only, so they are not left guessing.
 */
export async function lostAccess(
  db: Db,
  communityId: string,
  email: string,
): Promise<{ kind: "banned"; at: Date } | { kind: "removed"; at: Date | null; reason: string } | null> {
  const who = email.toLowerCase();
  const [banRows, removedRows] = await db.batch([
    db.select().from(bans).where(and(eq(bans.communityId, communityId), eq(bans.email, who))).limit(1),
    db
      .select()
      .from(memberships)
      .where(and(eq(memberships.communityId, communityId), eq(memberships.email, who), eq(memberships.status, "removed")))
      .orderBy(desc(memberships.updatedAt))
      .limit(1),
  ]);
  if (banRows[0]) return { kind: "banned", at: banRows[0].createdAt };
  if (removedRows[0]) return { kind: "removed", at: removedRows[0].endedAt, reason: removedRows[0].endedReason ?? "" };
  return null;
}
