import { and, eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import { drops, dropTargets, tiers, type Drop } from "../../drizzle";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import type { ReleaseTarget } from "./release";
import { idOrSubquery } from "../lib/sql";

/**
 * A drop with its target tiers as read from D1, and the statements that read them: small enough
 * for the session's batch (src/auth/session-read.ts) to carry them for a drop's pages and API.
 */

export type Target = ReleaseTarget & { tierName: string };
export interface DropWithTargets {
  drop: Drop;
  targets: Target[];
}

/** A query for the targets (with tier rank and name) of some drops; batchable. */
export function targetsQuery(db: Db, dropIds: string[] | SQLWrapper) {
  return db
    .select({ dropId: dropTargets.dropId, tierId: dropTargets.tierId, offsetHours: dropTargets.offsetHours, rank: tiers.rank, tierName: tiers.name })
    .from(dropTargets)
    .innerJoin(tiers, eq(tiers.id, dropTargets.tierId))
    .where(inArray(dropTargets.dropId, dropIds));
}

export function groupTargets(rows: (Target & { dropId: string })[]): Map<string, Target[]> {
  const out = new Map<string, Target[]>();
  for (const { dropId, ...t } of rows) {
    const list = out.get(dropId) ?? [];
    list.push(t);
    out.set(dropId, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.rank - a.rank);
  return out;
}

/**
 * The reads behind `getDrop`, for a batch that reads more besides: the drop, then its targets.
 * The community is its id, or a subquery yielding it (the session's batch knows only the slug).
 */
export function dropReads(db: Db, communityId: string | SQLWrapper, dropId: string) {
  const community = idOrSubquery(communityId);
  return [db.select().from(drops).where(and(eq(drops.id, dropId), sql`${drops.communityId} = ${community}`)).limit(1), targetsQuery(db, [dropId])] as const;
}

export type DropRows = readonly [Drop[], (Target & { dropId: string })[]];

/** The drop from `dropReads`' rows (404 when the community has no such drop). */
export function dropFrom([found, targets]: DropRows, dropId: string): DropWithTargets {
  if (!found[0]) throw AppError.notFound("Drop");
  return { drop: found[0], targets: groupTargets(targets).get(dropId) ?? [] };
}

