import { and, desc, eq, inArray, isNull, sql, type SQLWrapper } from "drizzle-orm";
import { dropFiles, drops, dropTargets, tiers, type Community, type Drop } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { parseOrThrow } from "../lib/validation";
import { dropFrom, dropReads, groupTargets, targetsQuery, type DropWithTargets } from "./drop-rows";
import { dropInputSchema, dropUpdateSchema, type DropInput } from "./schemas";

/** Authoring: drops and their target tiers. Owners and moderators call these (the routes check). */

export async function getDrop(db: Db, communityId: string, dropId: string): Promise<DropWithTargets> {
  return dropFrom(await db.batch(dropReads(db, communityId, dropId)), dropId);
}

/** Every drop of a community for the owner's pages, planned ones first, newest publish time first. */
export async function listDrops(db: Db, communityId: string, limit = 200): Promise<DropWithTargets[]> {
  const order = [desc(drops.publishAt), desc(drops.createdAt)];
  const ids = db.select({ id: drops.id }).from(drops).where(eq(drops.communityId, communityId)).orderBy(...order).limit(limit);
  const [rows, targets] = await db.batch([
    db.select().from(drops).where(eq(drops.communityId, communityId)).orderBy(...order).limit(limit),
    targetsQuery(db, ids),
  ]);
  const byDrop = groupTargets(targets);
  return rows.map((drop) => ({ drop, targets: byDrop.get(drop.id) ?? [] }));
}

async function checkTiers(db: Db, communityId: string, input: Pick<DropInput, "targets">) {
  if (!input.targets.length) return;
  const ids = input.targets.map((t) => t.tierId);
  const found = await db.select({ id: tiers.id }).from(tiers).where(and(eq(tiers.communityId, communityId), inArray(tiers.id, ids), isNull(tiers.archivedAt)));
  if (found.length !== new Set(ids).size) throw AppError.validation([{ field: "targets", message: "Choose tiers of this community" }]);
}

/** Stored status: a drop that already went out stays published while its time has passed. */
function storedStatus(input: DropInput, existing: Drop | null, now: Date): Drop["status"] {
  if (input.status === "draft") return "draft";
  const due = input.publishAt != null && new Date(input.publishAt) <= now;
  return existing?.publishedAt && due ? "published" : "scheduled";
}

function dropValues(input: DropInput, existing: Drop | null, now: Date) {
  return {
    title: input.title,
    body: input.body,
    topics: [...new Set(input.topics)],
    status: storedStatus(input, existing, now),
    publishAt: input.publishAt ? new Date(input.publishAt) : null,
    dripDays: input.dripDays,
    minLevel: input.minLevel,
    updatedAt: now,
  };
}

export async function createDrop(deps: Pick<Deps, "db" | "now">, community: Pick<Community, "id">, raw: unknown, author: string): Promise<DropWithTargets> {
  const input = parseOrThrow(dropInputSchema, raw);
  await checkTiers(deps.db, community.id, input);
  const now = deps.now();
  const id = newId("drop");
  await deps.db.batch([
    deps.db.insert(drops).values({ id, communityId: community.id, authorEmail: author.toLowerCase(), createdAt: now, ...dropValues(input, null, now) }),
    ...input.targets.map((t) => deps.db.insert(dropTargets).values({ dropId: id, tierId: t.tierId, offsetHours: t.offsetHours })),
  ]);
  return getDrop(deps.db, community.id, id);
}

/** Changes a drop: missing fields stay; the merged drop is validated as a whole. */
export async function updateDrop(deps: Pick<Deps, "db" | "now">, community: Pick<Community, "id">, dropId: string, raw: unknown): Promise<DropWithTargets> {
  const patch = parseOrThrow(dropUpdateSchema, raw);
  const { drop, targets } = await getDrop(deps.db, community.id, dropId);
  const merged = parseOrThrow(dropInputSchema, {
    title: patch.title ?? drop.title,
    body: patch.body ?? drop.body,
    topics: patch.topics ?? drop.topics,
    status: patch.status ?? (drop.status === "draft" ? "draft" : "scheduled"),
    publishAt: patch.publishAt !== undefined ? patch.publishAt : (drop.publishAt?.toISOString() ?? null),
    dripDays: patch.dripDays !== undefined ? patch.dripDays : drop.dripDays,
    minLevel: patch.minLevel !== undefined ? patch.minLevel : drop.minLevel,
    targets: patch.targets ?? targets.map((t) => ({ tierId: t.tierId, offsetHours: t.offsetHours })),
  });
  await checkTiers(deps.db, community.id, merged);
  const now = deps.now();
  await deps.db.batch([
    deps.db.update(drops).set(dropValues(merged, drop, now)).where(eq(drops.id, drop.id)),
    deps.db.delete(dropTargets).where(eq(dropTargets.dropId, drop.id)),
    ...merged.targets.map((t) => deps.db.insert(dropTargets).values({ dropId: drop.id, tierId: t.tierId, offsetHours: t.offsetHours })),
  ]);
  return getDrop(deps.db, community.id, drop.id);
}

/** Deletes a drop, its files in R2 first (so no object outlives the row that guards it), then the rows. */
export async function deleteDrop(deps: Pick<Deps, "db">, bucket: R2Bucket, community: Pick<Community, "id">, dropId: string): Promise<void> {
  const { drop } = await getDrop(deps.db, community.id, dropId);
  const files = await deps.db.select({ key: dropFiles.r2Key }).from(dropFiles).where(eq(dropFiles.dropId, drop.id));
  if (files.length) await bucket.delete(files.map((f) => f.key));
  await deps.db.delete(drops).where(eq(drops.id, drop.id));
}
