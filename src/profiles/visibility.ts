import * as z from "zod/mini";
import "../lib/zod-messages";
import { and, eq, sql, type Column, type SQLWrapper } from "drizzle-orm";
import { directorySettings, spaces, type DirectorySettings } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import type { Access } from "../memberships/access";
import { isStaffAccess } from "../spaces/rules";
import { qualified } from "../lib/sql";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/**
 * Who sees other members' profiles: the directory, a member's profile page and introductions.
 * Decided from the one access check (`accessFor`) and the owner's setting: staff always; members
 * in good standing or grace (`role` "member") from the setting's minimum tier rank up (no minimum:
 * every member); nobody else (visitors, applicants, lapsed, removed and banned people).
 */

export type PeopleSettings = Pick<DirectorySettings, "minRank" | "introSpaceId">;
export const DEFAULT_PEOPLE_SETTINGS: PeopleSettings = { minRank: null, introSpaceId: null };

export function settingsQuery(db: Db, communityId: string) {
  return db.select({ minRank: directorySettings.minRank, introSpaceId: directorySettings.introSpaceId }).from(directorySettings).where(eq(directorySettings.communityId, communityId));
}

export const settingsFrom = (rows: PeopleSettings[]): PeopleSettings => rows[0] ?? DEFAULT_PEOPLE_SETTINGS;

export function seesPeople(access: Access, settings: PeopleSettings): boolean {
  if (isStaffAccess(access)) return true;
  return access.role === "member" && (settings.minRank == null || access.rank >= settings.minRank);
}

export function assertSeesPeople(access: Access | null, settings: PeopleSettings, communityName: string): asserts access is Access {
  if (!access || !seesPeople(access, settings)) throw AppError.forbidden(`The member directory of ${communityName} is open to its members only${settings.minRank != null ? " from a certain tier up" : ""}`);
}


/** What `listedSql` to know: the moment, and how long a past-due member keeps access. */
export interface Listing {
  now: Date;
  graceDays: number;
}

/**
 * The people listed: a live membership with access (active, trialing, or past due within the
 * grace the access check allows), or a staff role; never anyone banned. Removed and cancelled
 * members fall out at once, with no write needed when they leave. With `memberOnly` (a tier or
 * "new" filter), staff without a membership are left out.
 */
export function listedSql(scope: Listing, communityColumn: Column, emailColumn: Column, memberConditions: SQLWrapper = sql``, memberOnly = false) {
  const [communityId, email] = [qualified(communityColumn), qualified(emailColumn)];
  const graceFrom = scope.now.getTime() - scope.graceDays * 86_400_000;
  const member = sql`exists (select 1 from memberships m where m.community_id = ${communityId} and m.email = ${email}
      and (m.status in ('active', 'trialing') or (m.status = 'past_due' and coalesce(m.past_due_since, ${scope.now.getTime()}) > ${graceFrom})) ${memberConditions})`;
  const staff = sql`exists (select 1 from community_staff s where s.community_id = ${communityId} and s.email = ${email})`;
  return sql`(${member}${memberOnly ? sql`` : sql` or ${staff}`}) and not exists (select 1 from bans b where b.community_id = ${communityId} and b.email = ${email})`;
}

const blankIsNull = (v: unknown) => (v === "" ? null : v);

export const peopleSettingsSchema = z.lazy(() =>
  z.strictObject({
    minRank: z.pipe(z.transform((v) => (typeof v === "string" && v !== "" ? Number(v) : blankIsNull(v))), z.nullable(z.number({ error: "Choose a tier" }).check(z.int("Choose a tier"), z.gte(0), z.lte(1_000_000)))).register(z.globalRegistry, { description: "Members see people from this tier rank up; null: every member (staff always do)" }),
    introSpaceId: z.pipe(z.transform(blankIsNull), z.nullable(z.string({ error: "Choose a space, or none" }).check(z.maxLength(40, "Unknown space")))).register(z.globalRegistry, { description: "The space whose new-post form drafts a new member's welcome post; null: none" }),
  }),
);

/** The owner's choice: who sees people, and the introductions space; a space of another community is refused. */
export async function savePeopleSettings(deps: Pick<Deps, "db" | "now">, communityId: string, settings: PeopleSettings): Promise<void> {
  if (settings.introSpaceId) {
    const space = await deps.db.select({ id: spaces.id }).from(spaces).where(and(eq(spaces.id, settings.introSpaceId), eq(spaces.communityId, communityId))).get();
    if (!space) throw AppError.validation([{ field: "introSpaceId", message: "Choose one of this community's spaces" }]);
  }
  const row = { communityId, ...settings, updatedAt: deps.now() };
  await deps.db.insert(directorySettings).values(row).onConflictDoUpdate({ target: directorySettings.communityId, set: row });
}
