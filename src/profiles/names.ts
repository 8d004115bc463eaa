import { and, eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import { applications, memberBadges, memberPoints, memberProfiles } from "../../drizzle";
import type { Db } from "../lib/db";
import { DEFAULT_NAME_PATTERN, MAX_NAME, tidyName } from "./schemas";
import { qualified } from "../lib/sql";

/**
 * The one way a person is named to others in a community: their chosen display name, else the
 * name they gave when they applied, else "Member" and a short stable code. Never any part of their
 * email. Every page, API view and email that shows another person reads names from here.
 */

export interface DisplayName {
  name: string;
  /** Same-origin URL of the avatar (served only to people with access to the community), or null. */
  avatarUrl: string | null;
  /** Whether the person chose this name (a profile row), rather than it being a default. */
  chosen: boolean;
  /** Honours level in this community (1 with no points): shown beside the name everywhere. */
  level: number;
  /** Badges the owners gave the person ("Founding member"), oldest first. */
  badges: string[];
}

/** The name as pages, API views and emails show it: "Maya Lindqvist · Level 3". */
export function withLevel(name: string, level: number): string {
  return `${name} · Level ${level}`;
}

/** A DisplayName's shown label (name and level). */
export function nameLabel(n: Pick<DisplayName, "name" | "level">): string {
  return withLevel(n.name, n.level);
}

/** The person's badges as a JSON array: one index range per person (a handful of rows). */
export function badgesSql(communityId: SQLWrapper | string, email: SQLWrapper) {
  return sql<string>`(select json_group_array(name) from (select ${memberBadges.name} as name from ${memberBadges} where ${memberBadges.communityId} = ${qualified(communityId)} and ${memberBadges.email} = ${qualified(email)} order by ${memberBadges.awardedAt}))`;
}

/**
 * The person's level, as a value in a select: one primary-key lookup per person. Columns of the
 * enclosing row are spelled out with their table (`qualified`), as in the other helpers here.
 */
export function levelSql(communityId: SQLWrapper | string, email: SQLWrapper) {
  return sql<number>`coalesce((select ${memberPoints.level} from ${memberPoints} where ${memberPoints.communityId} = ${qualified(communityId)} and ${memberPoints.email} = ${qualified(email)}), 1)`;
}

/** Names asked for in one call; callers pass a page of people, not a community. */
export const MAX_NAMES_PER_CALL = 500;

/**
 * The people asked about, as a common table expression read by every arm of the statement: a list
 * is one bound JSON parameter (D1 caps bound parameters at 100 per statement), a subquery is
 * written once however many arms test against it.
 */
function wantedCte(db: Db, emails: readonly string[] | SQLWrapper) {
  if (!Array.isArray(emails)) return db.$with("wanted").as(emails as unknown as ReturnType<typeof jsonList>);
  if (emails.length > MAX_NAMES_PER_CALL) throw new Error(`displayNames: at most ${MAX_NAMES_PER_CALL} emails per call, got ${emails.length}`);
  return db.$with("wanted").as(jsonList(db, [...new Set(emails.map((e) => e.toLowerCase()))]));
}

function jsonList(db: Db, emails: string[]) {
  return db.select({ email: sql<string>`value`.as("email") }).from(sql`json_each(${JSON.stringify(emails)})`);
}

/** Membership in the CTE, whatever its one column is called. */
const LIST = sql`(select * from wanted)`;

/**
 * The one statement behind `displayNames`, for callers that put it in their own `db.batch`: the
 * profiles of these people and the names on their applications to this community, each with the
 * person's honours level (joined into the same statement: naming people costs no extra trip). `emails` may be
 * a query yielding lower-cased emails (a page of comment authors, say), read once as the CTE. Pass
 * the rows to `displayNamesFrom`. (The directory and profile pages name their people in their own
 * query instead: see `chosenName`.)
 */
export function displayNamesQuery(db: Db, communityId: string, emails: readonly string[] | SQLWrapper) {
  const noHonours = { level: sql<number>`1`.as("level"), badges: sql<string>`'[]'`.as("badges") };
  const chosen = db
    .with(wantedCte(db, emails))
    .select({
      email: memberProfiles.email,
      name: memberProfiles.displayName,
      avatarKey: memberProfiles.avatarKey,
      chosen: sql<number>`1`.as("chosen"),
      at: memberProfiles.updatedAt,
      ...noHonours,
    })
    .from(memberProfiles)
    .where(and(eq(memberProfiles.communityId, communityId), inArray(memberProfiles.email, LIST)));
  const applied = db
    .select({
      email: applications.email,
      name: applications.name,
      avatarKey: sql<string | null>`null`.as("avatar_key"),
      chosen: sql<number>`0`.as("chosen"),
      at: applications.createdAt,
      ...noHonours,
    })
    .from(applications)
    .where(and(eq(applications.communityId, communityId), inArray(applications.email, LIST)));
  // Honours (chosen = -1): the level and badges of whoever among them has points or badges here.
  const honoured = sql`(select ${memberPoints.email} as email from ${memberPoints} where ${memberPoints.communityId} = ${communityId} and ${memberPoints.email} in ${LIST}
    union select ${memberBadges.email} from ${memberBadges} where ${memberBadges.communityId} = ${communityId} and ${memberBadges.email} in ${LIST}) as h`;
  const honours = db
    .select({
      email: sql<string>`h.email`.as("email"),
      name: sql<string>`''`.as("name"),
      avatarKey: sql<string | null>`null`.as("avatar_key"),
      chosen: sql<number>`-1`.as("chosen"),
      at: sql<Date>`0`.as("at"),
      level: levelSql(communityId, sql`h.email`).as("level"),
      badges: badgesSql(communityId, sql`h.email`).as("badges"),
    })
    .from(honoured);
  return chosen.unionAll(applied).unionAll(honours);
}

export type DisplayNameRows = Awaited<ReturnType<typeof displayNamesQuery>>;

/** Names for `emails` (lower-cased keys) from the rows `displayNamesQuery` read. */
export function displayNamesFrom(rows: DisplayNameRows, community: { id: string; slug: string }, emails: Iterable<string>): Map<string, DisplayName> {
  const best = new Map<string, DisplayNameRows[number]>();
  const honours = new Map<string, { level: number; badges: string[] }>();
  for (const row of rows) {
    if (row.chosen < 0) {
      honours.set(row.email, { level: row.level, badges: JSON.parse(row.badges) as string[] });
      continue;
    }
    const seen = best.get(row.email);
    // A chosen name beats any application; among applications the newest name wins.
    if (!seen || row.chosen > seen.chosen || (row.chosen === seen.chosen && row.at > seen.at)) best.set(row.email, row);
  }
  const out = new Map<string, DisplayName>();
  for (const raw of emails) {
    const email = raw.toLowerCase();
    const row = best.get(email);
    const honour = honours.get(email) ?? { level: 1, badges: [] };
    if (row?.chosen) out.set(email, chosenName(community.slug, { name: row.name, avatarKey: row.avatarKey, ...honour }));
    else out.set(email, { name: (row && applicationName(row.name, email)) || defaultName(community.id, email), avatarUrl: null, chosen: false, ...honour });
  }
  return out;
}

/**
 * The name of someone with a profile, from columns read with it (the directory selects the display
 * name, avatar, `levelSql` and `badgesSql` in its own page query instead of asking about the page again).
 */
export function chosenName(slug: string, p: { name: string; avatarKey: string | null; level: number; badges: string[] }): DisplayName {
  return { name: p.name, avatarUrl: avatarUrl(slug, p.avatarKey), chosen: true, level: p.level, badges: p.badges };
}

/** Display names of a page of people in one query. */
export async function displayNames(db: Db, community: { id: string; slug: string }, emails: readonly string[]): Promise<Map<string, DisplayName>> {
  if (!emails.length) return new Map();
  return displayNamesFrom(await displayNamesQuery(db, community.id, emails), community, emails);
}

/**
 * The name from an application, shown only when it is a name: applicants sometimes type their
 * address, or its local part, into the name field, and that would show their email to everyone.
 */
export function applicationName(raw: string, email: string): string | null {
  const name = tidyName(raw.replace(/[\p{Cc}\p{Cf}]/gu, " ")).slice(0, MAX_NAME).trim();
  const local = email.split("@", 1)[0]!.toLowerCase();
  if (name.length < 2 || name.includes("@") || name.toLowerCase() === local || DEFAULT_NAME_PATTERN.test(name)) return null;
  return name;
}

const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * "Member" and four characters derived from the community and the person, so the same person keeps
 * the same default name on every page, and two people rarely share one. The code is a 20-bit hash:
 * it cannot be turned back into the email.
 */
export function defaultName(communityId: string, email: string): string {
  let h = 0x811c9dc5;
  for (const ch of `${communityId}:${email.toLowerCase()}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let code = "";
  for (let i = 0; i < 4; i++) code += CODE_ALPHABET[(h >>> (i * 5)) & 31];
  return `Member ${code}`;
}

/** The avatar's URL: its key's last segment (the unguessable token) under the community. */
export function avatarUrl(slug: string, key: string | null): string | null {
  return key ? `/c/${slug}/avatars/${key.split("/").pop()}` : null;
}

/**
 * A lookup over `displayNamesQuery` rows for callers that only print names (moderation,
 * notifications and their emails), with the level. A missing person (a deleted account) reads "A member".
 */
export function nameLookup(rows: DisplayNameRows, communityId: string): (email: string | null) => string {
  const wanted = new Set(rows.map((r) => r.email));
  // (Rows of honours alone name nobody new: such a person gets the default name with their level.)
  const names = displayNamesFrom(rows, { id: communityId, slug: "" }, wanted);
  return (email) => {
    if (!email) return "A member";
    const found = names.get(email.toLowerCase());
    return found ? nameLabel(found) : withLevel(defaultName(communityId, email), 1);
  };
}

/**
 * The display name as one SQL value, for list queries that name each row's author inside the
 * statement (the front page, search): the level and a tab, then the chosen name marked "1", or "0"
 * with what `displayNameOf` needs to pick the application's name or the default. Indexed lookups per row.
 */
export function displayNameSql(communityIdRef: SQLWrapper, emailRef: SQLWrapper) {
  const [communityId, email] = [qualified(communityIdRef), qualified(emailRef)];
  return sql<string>`${levelSql(communityId, email)} || char(9) || coalesce('1' || (select ${memberProfiles.displayName} from ${memberProfiles}
      where ${memberProfiles.communityId} = ${communityId} and ${memberProfiles.email} = ${email}),
    '0' || ${communityId} || char(10) || ${email} || char(10) || coalesce((select ${applications.name} from ${applications}
      where ${applications.communityId} = ${communityId} and ${applications.email} = ${email}
      order by ${applications.createdAt} desc limit 1), ''))`;
}

/** The name a `displayNameSql` value stands for, with the level: "Maya Lindqvist · Level 3". */
export function displayNameOf(value: string | null): string {
  if (!value) return "A member";
  const tab = value.indexOf("\t");
  const level = Number(value.slice(0, tab)) || 1;
  const rest = value.slice(tab + 1);
  if (rest.startsWith("1")) return withLevel(rest.slice(1), level);
  const [communityId = "", email = "", name = ""] = rest.slice(1).split("\n");
  return withLevel(applicationName(name, email) ?? defaultName(communityId, email), level);
}
