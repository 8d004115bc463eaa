import { and, desc, eq, inArray, type SQLWrapper } from "drizzle-orm";
import { bans, communityStaff, LIVE_MEMBERSHIP_STATUSES, memberPoints, memberships, tiers, type Membership, type StaffRole, type Tier } from "../../drizzle";
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
  /** Honours level the person's points reach here (1 with none): level gates compare against it. */
  level: number;
  graceEndsAt: Date | null;
}

const NO_RANK = Number.NEGATIVE_INFINITY;

export async function accessFor(
  deps: { db: Db; config: Pick<Config, "operatorEmails"> },
  community: { id: string; graceDays: number },
  email: string | null | undefined,
  now: Date,
): Promise<Access> {
  if (!email) return { ...NOBODY, email: email ?? null };
  const who = email.toLowerCase();
  // One round trip (see accessQueries).
  const rows = await deps.db.batch(accessQueries(deps.db, community.id, [who]));
  return accessOf(rows, deps.config, community, who, now);
}

/**
 * The same decision for many people at once, in one round trip: the cron's notification batches
 * ask it for a page of members. `emails` may be a subquery (a keyset page), which keeps the
 * statement under D1's cap on bound parameters.
 */
export async function accessForMany(
  deps: { db: Db; config: Pick<Config, "operatorEmails"> },
  community: { id: string; graceDays: number },
  emails: string[] | SQLWrapper,
  now: Date,
): Promise<(email: string) => Access> {
  const [staffRows, banRows, memberRows, tierRows, levelRows] = await deps.db.batch(accessQueries(deps.db, community.id, emails));
  return (email) => {
    const who = email.toLowerCase();
    const mine = (r: { email: string }) => r.email === who;
    const membership = memberRows.find(mine);
    const tier = membership ? tierRows.filter((t) => t.id === membership.tierId) : [];
    return accessOf([staffRows.filter(mine), banRows.filter(mine), membership ? [membership] : [], tier, levelRows.filter(mine)], deps.config, community, who, now);
  };
}

/**
 * Staff role, ban, live membership and its tier, and the honours level. The tier comes by subquery rather than a join:
 * D1 batches return rows keyed by column name, and two tables' same-named columns would collide.
 * `communityId` may be a subquery too (the community by its slug), so the community and the
 * access to it can be read in one batch.
 */
export function accessQueries(db: Db, communityId: string | SQLWrapper, emails: string[] | SQLWrapper) {
  const inCommunity = (column: typeof memberships.communityId | typeof communityStaff.communityId | typeof bans.communityId | typeof memberPoints.communityId) =>
    typeof communityId === "string" ? eq(column, communityId) : inArray(column, communityId);
  const live = and(inCommunity(memberships.communityId), inArray(memberships.email, emails), inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES]));
  return [
    db.select().from(communityStaff).where(and(inCommunity(communityStaff.communityId), inArray(communityStaff.email, emails))),
    db.select().from(bans).where(and(inCommunity(bans.communityId), inArray(bans.email, emails))),
    db.select().from(memberships).where(live),
    db.select().from(tiers).where(inArray(tiers.id, db.select({ id: memberships.tierId }).from(memberships).where(live))),
    db.select({ email: memberPoints.email, level: memberPoints.level }).from(memberPoints).where(and(inCommunity(memberPoints.communityId), inArray(memberPoints.email, emails))),
  ] as const;
}

/** How many statements `accessQueries` puts in a batch (callers that slice a shared batch). */
export const ACCESS_QUERY_COUNT = 5;

export type AccessRows = readonly [{ role: StaffRole }[], unknown[], Membership[], Tier[], { level: number }[]];

const NOBODY: Access = { email: null, role: "none", banned: false, membership: null, tier: null, standing: "none", rank: NO_RANK, level: 1, graceEndsAt: null };

export function accessOf([staffRows, banRows, memberRows, tierRows, levelRows]: AccessRows, config: Pick<Config, "operatorEmails">, community: { graceDays: number }, who: string, now: Date): Access {
  const staff = staffRows[0]?.role ?? null;
  const operator = config.operatorEmails.includes(who);
  const member = memberRows[0] && tierRows[0] ? { membership: memberRows[0], tier: tierRows[0] } : null;
  const result: Access = { ...NOBODY, email: who, membership: member?.membership ?? null, tier: member?.tier ?? null, level: levelRows[0]?.level ?? 1 };
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
