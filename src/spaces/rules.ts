import { and, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { spaces, type Space } from "../../drizzle";
import type { Access } from "../memberships/access";

/**
 * Who may read and who may post in a space, decided from the one access check (`accessFor`) and
 * the space's two rules. Every exit (space and thread pages, the feed, search, the API,
 * notifications and their emails) asks this, or its SQL twin `readableSpacesSql`, and nothing else.
 *
 * - Staff (operators, owners, moderators) read and post everywhere, muted or not.
 * - A member (accessFor gives role "member" only in good standing or in the past-due grace period)
 *   passes a "rank" rule from the rule's minimum tier rank up (no minimum: every member), a
 *   "tier" rule only in that tier (the core lounge), and never a "staff" rule (announcements).
 * - Everyone else (visitors, applicants, lapsed, removed, banned) passes nothing.
 * - A space may also ask a minimum honours level to read it (`read_min_level`); staff pass it.
 * - A muted member still reads, but posts, replies, reacts and votes nowhere.
 */

export interface SpaceRights {
  read: boolean;
  post: boolean;
  staff: boolean;
}

export type SpaceRule = Pick<Space, "readKind" | "readMinRank" | "readTierId" | "readMinLevel" | "postKind" | "postMinRank" | "postTierId" | "archivedAt">;

export function isStaffAccess(access: Pick<Access, "role">): boolean {
  return access.role === "operator" || access.role === "owner" || access.role === "moderator";
}

function passes(access: Access, kind: Space["readKind"], minRank: number | null, tierId: string | null): boolean {
  if (access.role !== "member") return false;
  switch (kind) {
    case "rank":
      return minRank == null || access.rank >= minRank;
    case "tier":
      return !!tierId && access.tier?.id === tierId;
    case "staff":
      return false;
  }
}

/** The honours level gate: a member below the space's minimum level does not read it. */
function reachesLevel(access: Pick<Access, "level">, minLevel: number | null): boolean {
  return minLevel == null || access.level >= minLevel;
}

export function spaceRights(access: Access, space: SpaceRule, opts: { muted: boolean }): SpaceRights {
  if (isStaffAccess(access)) return { read: true, post: !space.archivedAt, staff: true };
  const read = !space.archivedAt && passes(access, space.readKind, space.readMinRank, space.readTierId) && reachesLevel(access, space.readMinLevel);
  const post = read && !opts.muted && passes(access, space.postKind, space.postMinRank, space.postTierId);
  return { read, post, staff: false };
}

/**
 * The spaces a person may read, as a condition on `spaces`, for queries that list posts across
 * spaces (feed, search, unread counts) in one statement. Same rule as `spaceRights(...).read`.
 * Returns null when the person may read no space at all.
 */
export function readableSpacesSql(access: Access): SQL | undefined | null {
  if (isStaffAccess(access)) return undefined;
  if (access.role !== "member") return null;
  const tierId = access.tier?.id ?? "";
  return and(
    isNull(spaces.archivedAt),
    or(isNull(spaces.readMinLevel), sql`${spaces.readMinLevel} <= ${access.level}`),
    or(
      and(eq(spaces.readKind, "rank"), or(isNull(spaces.readMinRank), sql`${spaces.readMinRank} <= ${access.rank}`)),
      and(eq(spaces.readKind, "tier"), eq(spaces.readTierId, tierId)),
    ),
  );
}
