import { and, asc, eq, gt, inArray, isNull, max, or, sql, type SQLWrapper } from "drizzle-orm";
import { mutes, spaces, spaceSettings, tiers, type Space, type SpaceSettings } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { parseOrThrow } from "../lib/validation";
import { DEFAULT_SPACE_SETTINGS } from "./posts";
import { spaceInputSchema } from "./space-schemas";
import { idOrSubquery } from "../lib/sql";

/** Spaces: created and ordered by the owner; read with the settings and the person's mute in one batch. */

export async function createSpace(deps: Pick<Deps, "db" | "now">, communityId: string, raw: unknown): Promise<Space> {
  const input = parseOrThrow(spaceInputSchema, raw);
  await refuseForeignTiers(deps.db, communityId, input);
  const now = deps.now();
  const last = await deps.db.select({ position: max(spaces.position) }).from(spaces).where(eq(spaces.communityId, communityId)).get();
  const row = { id: newId("spc"), communityId, ...input, position: input.position ?? (last?.position ?? -1) + 1, createdAt: now, updatedAt: now };
  const inserted = await deps.db.insert(spaces).values(row).onConflictDoNothing().returning();
  if (!inserted[0]) throw AppError.validation([{ field: "slug", message: `A space called "${input.slug}" already exists here` }]);
  return inserted[0];
}

/** A rule may only name a tier of the same community. */
export async function refuseForeignTiers(db: Db, communityId: string, input: { readTierId?: string | null; postTierId?: string | null }): Promise<void> {
  const named = (["readTierId", "postTierId"] as const).filter((f) => input[f]);
  if (!named.length) return;
  const ids = named.map((f) => input[f]!);
  const found = await db.select({ id: tiers.id }).from(tiers).where(and(eq(tiers.communityId, communityId), inArray(tiers.id, ids)));
  const bad = named.filter((f) => !found.some((t) => t.id === input[f]));
  if (bad.length) throw AppError.validation(bad.map((field) => ({ field, message: "Choose one of this community's tiers" })));
}

export function listSpacesQuery(db: Db, communityId: string) {
  return db.select().from(spaces).where(and(eq(spaces.communityId, communityId), isNull(spaces.archivedAt))).orderBy(asc(spaces.position), asc(spaces.name));
}

export function settingsQuery(db: Db, communityId: string) {
  return db.select().from(spaceSettings).where(eq(spaceSettings.communityId, communityId)).limit(1);
}

/** The owner's rules, or the defaults when they never changed them. */
export function settingsOf(communityId: string, rows: SpaceSettings[]): SpaceSettings {
  return rows[0] ?? { communityId, ...DEFAULT_SPACE_SETTINGS, updatedAt: new Date(0) };
}

export interface SpaceContext {
  space: Space;
  settings: SpaceSettings;
  muted: boolean;
}

/**
 * The reads behind `loadSpace`. The community and the person may be subqueries (the community by
 * its slug, the person by their session), so the session's own batch can carry them.
 */
export function spaceReads(db: Db, communityId: string | SQLWrapper, spaceSlug: string, email: string | SQLWrapper, now: Date) {
  const community = idOrSubquery(communityId);
  return [
    db.select().from(spaces).where(and(sql`${spaces.communityId} = ${community}`, eq(spaces.slug, spaceSlug.slice(0, 64)))).limit(1),
    db.select().from(spaceSettings).where(sql`${spaceSettings.communityId} = ${community}`).limit(1),
    db
      .select({ email: mutes.email })
      .from(mutes)
      .where(and(sql`${mutes.communityId} = ${community}`, sql`${mutes.email} = ${typeof email === "string" ? email.toLowerCase() : sql`(${email})`}`, or(isNull(mutes.until), gt(mutes.until, now))))
      .limit(1),
  ] as const;
}

export type SpaceRows = readonly [Space[], SpaceSettings[], { email: string }[]];

export function spaceContextFrom([spaceRows, settingsRows, muteRows]: SpaceRows, communityId: string): SpaceContext {
  const space = spaceRows[0];
  if (!space || space.communityId !== communityId) throw AppError.notFound("Space");
  return { space, settings: settingsOf(communityId, settingsRows), muted: muteRows.length > 0 };
}

/** One space by its URL name, the community's rules and whether the person is muted: one round trip. */
export async function loadSpace(deps: Pick<Deps, "db" | "now">, communityId: string, spaceSlug: string, email: string | null): Promise<SpaceContext> {
  const rows = await deps.db.batch(spaceReads(deps.db, communityId, spaceSlug, email ?? "", deps.now()));
  return spaceContextFrom(rows, communityId);
}

/** Every space of the community, archived ones last, for the owner's admin list. */
export function allSpacesQuery(db: Db, communityId: string) {
  return db.select().from(spaces).where(eq(spaces.communityId, communityId)).orderBy(sql`${spaces.archivedAt} is not null`, asc(spaces.position), asc(spaces.name));
}

export async function getSpaceById(db: Db, communityId: string, id: string): Promise<Space> {
  const space = await db.select().from(spaces).where(and(eq(spaces.communityId, communityId), eq(spaces.id, id.slice(0, 64)))).get();
  if (!space) throw AppError.notFound("Space");
  return space;
}

/** The owner changes a space: the whole description again, as the admin form and the API send it. */
export async function updateSpace(deps: Pick<Deps, "db" | "now">, communityId: string, id: string, raw: unknown): Promise<Space> {
  const input = parseOrThrow(spaceInputSchema, raw);
  const space = await getSpaceById(deps.db, communityId, id);
  await refuseForeignTiers(deps.db, communityId, input);
  const clash = await deps.db.select({ id: spaces.id }).from(spaces).where(and(eq(spaces.communityId, communityId), eq(spaces.slug, input.slug))).get();
  if (clash && clash.id !== space.id) throw AppError.validation([{ field: "slug", message: `A space called "${input.slug}" already exists here` }]);
  const updated = await deps.db
    .update(spaces)
    .set({ ...input, position: input.position ?? space.position, updatedAt: deps.now() })
    .where(eq(spaces.id, space.id))
    .returning();
  return updated[0]!;
}

/** Archived spaces leave every member's list and pages at once (spaceRights); staff still open them. Reversible. */
export async function setSpaceArchived(deps: Pick<Deps, "db" | "now">, communityId: string, id: string, archived: boolean): Promise<Space> {
  const space = await getSpaceById(deps.db, communityId, id);
  const now = deps.now();
  const updated = await deps.db.update(spaces).set({ archivedAt: archived ? now : null, updatedAt: now }).where(eq(spaces.id, space.id)).returning();
  return updated[0]!;
}
