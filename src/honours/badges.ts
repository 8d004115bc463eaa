import * as z from "zod/mini";
import "../lib/zod-messages";
import { and, desc, eq, sql } from "drizzle-orm";
import { communityStaff, memberBadges, memberships, type MemberBadge } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { parseOrThrow } from "../lib/validation";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** Badges owners give by hand. Shown on profiles and the leaderboard through the shared name lookup. */

export const SUGGESTED_BADGES = ["Founding member", "Host", "Mentor of the month"] as const;
export const MAX_BADGE_NAME = 40;
export const MAX_BADGES_PER_MEMBER = 12;

export const badgeInputSchema = z.lazy(() =>
  z.strictObject({
      email: z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email("Enter the member's email address")),
      name: z.string().check(z.trim(), z.minLength(1, "Name the badge"), z.maxLength(MAX_BADGE_NAME, `At most ${MAX_BADGE_NAME} characters`)),
    }).register(z.globalRegistry, { id: "BadgeInput" }),
);

/** Gives a badge to a current member or staff (409 if they have it, 400 if they are not one). */
export async function awardBadge(deps: Pick<Deps, "db" | "now">, communityId: string, raw: unknown, by: string): Promise<MemberBadge> {
  const input = parseOrThrow(badgeInputSchema, raw);
  const db = deps.db;
  const [member, staff, held] = await db.batch([
    db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.communityId, communityId), eq(memberships.email, input.email), sql`${memberships.status} in ('trialing', 'active', 'past_due', 'unpaid')`)).limit(1),
    db.select({ email: communityStaff.email }).from(communityStaff).where(and(eq(communityStaff.communityId, communityId), eq(communityStaff.email, input.email))).limit(1),
    db.select({ name: memberBadges.name }).from(memberBadges).where(and(eq(memberBadges.communityId, communityId), eq(memberBadges.email, input.email))),
  ]);
  if (!member.length && !staff.length) throw AppError.validation([{ field: "email", message: "No current member or staff of this community has that email" }]);
  if (held.some((b) => b.name.toLowerCase() === input.name.toLowerCase())) throw AppError.conflict(`They already have the “${input.name}” badge`);
  if (held.length >= MAX_BADGES_PER_MEMBER) throw AppError.validation([{ field: "name", message: `A member holds at most ${MAX_BADGES_PER_MEMBER} badges` }]);
  const inserted = await db
    .insert(memberBadges)
    .values({ id: newId("bdg"), communityId, email: input.email, name: input.name, awardedBy: by.toLowerCase(), awardedAt: deps.now() })
    .onConflictDoNothing()
    .returning();
  if (!inserted[0]) throw AppError.conflict(`They already have the “${input.name}” badge`);
  return inserted[0];
}

export async function removeBadge(db: Db, communityId: string, badgeId: string): Promise<void> {
  const gone = await db.delete(memberBadges).where(and(eq(memberBadges.communityId, communityId), eq(memberBadges.id, badgeId))).returning({ id: memberBadges.id });
  if (!gone.length) throw AppError.notFound("Badge");
}

/** The newest badges given in the community, for the admin page. */
export function recentBadgesQuery(db: Db, communityId: string, limit = 50) {
  return db.select().from(memberBadges).where(eq(memberBadges.communityId, communityId)).orderBy(desc(memberBadges.awardedAt)).limit(limit);
}
