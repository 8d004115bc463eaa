import type { DropStatus } from "../../drizzle";
import type { Access } from "../memberships/access";

/**
 * The release rule, in one place. Every exit (drop page, file download, API, RSS, email, teaser)
 * asks `dropState`, which asks `unlockTimeFor`; nothing else decides when content opens.
 *
 * A member of tier T gets a drop at
 *     max( publishAt + min{ offset(t) : t targeted, rank(t) <= rank(T) },  joinedAt + dripDays )
 * Offsets combine by "the best qualifying target wins": a member qualifies for every targeted tier
 * at or below their own rank (higher tiers see everything lower tiers see) and gets the earliest
 * of those times. So with Core (rank 2) at +0h and Member (rank 1) at +72h, Core and Inner Circle
 * (rank 3) read at publish time and Members three days later; a drop aimed only at Core never
 * reaches Members. Drip is a floor on top: never before `dripDays` after the member joined.
 * Offsets and drip are never negative (the schemas refuse it), so nothing opens before publishAt.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Who is reading: staff see everything (drafts too, for preview); members by tier and join date. */
export type Reader = { kind: "staff" } | { kind: "member"; tierId: string; tierRank: number; joinedAt: Date | null; level: number };

export interface ReleaseDrop {
  status: DropStatus;
  publishAt: Date | null;
  dripDays: number | null;
  /** Honours level gate: members below it never get the drop. */
  minLevel: number | null;
}

export interface ReleaseTarget {
  tierId: string;
  rank: number;
  offsetHours: number;
}

/** Staff's unlock time: always open. */
export const ALWAYS = new Date(0);

/** Scheduled or published, with a publish time: the only drops members can ever get. */
export function isReleasable(drop: ReleaseDrop): drop is ReleaseDrop & { publishAt: Date } {
  return (drop.status === "scheduled" || drop.status === "published") && drop.publishAt != null;
}

/** When the drop opens for this reader, or null if it never does (not targeted, draft, archived). */
export function unlockTimeFor(drop: ReleaseDrop, targets: readonly ReleaseTarget[], reader: Reader): Date | null {
  if (reader.kind === "staff") return ALWAYS;
  if (!isReleasable(drop)) return null;
  if (drop.minLevel != null && reader.level < drop.minLevel) return null;
  let tierTime: number | null = null;
  for (const t of targets) {
    if (t.tierId !== reader.tierId && t.rank > reader.tierRank) continue;
    const at = drop.publishAt.getTime() + t.offsetHours * HOUR_MS;
    if (tierTime === null || at < tierTime) tierTime = at;
  }
  if (tierTime === null) return null;
  if (drop.dripDays == null) return new Date(tierTime);
  if (!reader.joinedAt) return null;
  return new Date(Math.max(tierTime, reader.joinedAt.getTime() + drop.dripDays * DAY_MS));
}

/**
 * open: the reader gets the body and files. teaser: the drop is out (for someone) and will open
 * for this reader later: title and date only. hidden: nothing, not even that it exists.
 */
export type DropState = { state: "open"; unlockAt: Date } | { state: "teaser"; unlockAt: Date } | { state: "hidden" };

export function dropState(drop: ReleaseDrop, targets: readonly ReleaseTarget[], reader: Reader | null, now: Date): DropState {
  if (!reader) return { state: "hidden" };
  const unlockAt = unlockTimeFor(drop, targets, reader);
  if (!unlockAt) return { state: "hidden" };
  if (unlockAt <= now) return { state: "open", unlockAt };
  // Not yet out for anyone: the plan itself stays private.
  if (!isReleasable(drop) || drop.publishAt > now) return { state: "hidden" };
  return { state: "teaser", unlockAt };
}

/**
 * The reader `accessFor` allows: staff (operator, owner, moderator), a member in good standing or
 * in the grace period, or nobody (visitors, applicants, lapsed, removed, banned).
 */
export function readerOf(access: Access): Reader | null {
  if (access.role === "operator" || access.role === "owner" || access.role === "moderator") return { kind: "staff" };
  if (access.role === "member" && access.tier && access.membership) {
    return { kind: "member", tierId: access.tier.id, tierRank: access.rank, joinedAt: access.membership.joinedAt, level: access.level };
  }
  return null;
}
