import { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, gte, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { memberProfiles, memberships, profileAnswers, profileFacets, tiers, type AnswerValue, type Community } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import type { Access } from "../memberships/access";
import { labelledAnswers, NAME_FACET, CITY_FACET, profileQuestionsQuery, valueKey, type ProfileQuestion } from "./answers";
import { displayNamesFrom, displayNamesQuery, type DisplayName } from "./names";
import { assertSeesPeople, listedSql, qualified, settingsFrom, settingsQuery, type PeopleSettings } from "./visibility";

/**
 * The member directory: people with a profile who are listed (see `listedSql`), newest profile
 * first, a keyset page at a time. Each filter on an answer or the city is an equality on
 * `profile_facets`; the first one drives the read through its (question, value, order) index and
 * the rest are primary-key probes, so a page costs the same at 100 members as at 20,000.
 */

export const PAGE_SIZE = 24;
export const MAX_ANSWER_FILTERS = 5;
const NEW_DAYS = 30;

const one = (max: number, message: string) => z.string().max(max, message);
const asList = (v: unknown) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]);

/** The directory's filters, shared by the page (which builds `answer` from its fields) and the API. */
export const directoryQuerySchema = z.object({
  q: one(60, "Keep the name search within 60 characters").optional(),
  tier: one(40, "Unknown tier").optional(),
  city: one(60, "Keep the city within 60 characters").optional(),
  new: z.enum(["1", "true", "0", "false", ""], { error: "`new` is 1 or 0" }).optional(),
  answer: z
    .preprocess(asList, z.array(one(200, "Each answer filter is questionId:value, at most 200 characters")).max(MAX_ANSWER_FILTERS, `At most ${MAX_ANSWER_FILTERS} answer filters`))
    .optional()
    .openapi({ description: "Repeatable: `questionId:value` (a value of a profile question, matched case-insensitively)", type: "array", items: { type: "string" } }),
  cursor: one(80, "Invalid cursor").optional(),
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

export interface DirectoryFilters {
  words: string[];
  tierId: string | null;
  city: string | null;
  newOnly: boolean;
  answers: { questionId: string; key: string }[];
  cursor: { sortKey: number; publicId: string } | null;
}

/** Query values to filters; a malformed cursor or answer filter is a 400 naming it. */
export function directoryFilters(query: DirectoryQuery): DirectoryFilters {
  const answers = (query.answer ?? []).map((raw) => {
    const at = raw.indexOf(":");
    if (at < 1) throw AppError.validation([{ field: "answer", message: "Write each answer filter as questionId:value" }]);
    return { questionId: raw.slice(0, at), key: valueKey(raw.slice(at + 1)) };
  }).filter((a) => a.key);
  let cursor: DirectoryFilters["cursor"] = null;
  if (query.cursor) {
    const m = /^(\d{1,15})\.([0-9a-z]{8,32})$/.exec(query.cursor);
    if (!m) throw AppError.validation([{ field: "cursor", message: "Invalid cursor; use the `next` value of the previous page" }]);
    cursor = { sortKey: Number(m[1]), publicId: m[2]! };
  }
  return {
    words: valueKey(query.q ?? "").split(/[\s\-'’.]+/u).filter(Boolean).slice(0, 4),
    tierId: query.tier || null,
    city: query.city?.trim() ? valueKey(query.city) : null,
    newOnly: query.new === "1" || query.new === "true",
    answers,
    cursor,
  };
}

export interface PersonCard {
  publicId: string;
  name: DisplayName;
  city: string | null;
  bio: string | null;
  /** The member's tier, or the staff role of someone without one. */
  standing: string | null;
  answers: { questionId: string; label: string; text: string }[];
}

export interface DirectoryPage {
  people: PersonCard[];
  next: string | null;
  questions: ProfileQuestion[];
  tiers: { id: string; name: string }[];
  settings: PeopleSettings;
}

type Scope = Pick<Community, "id" | "slug" | "graceDays" | "name">;

const upTo = (word: string) => word + "\u{10FFFF}";

/** One page of the directory, and what the filter form needs, in one round trip. */
export async function directoryPage(deps: Pick<Deps, "db" | "now">, community: Scope, access: Access | null, filters: DirectoryFilters): Promise<DirectoryPage> {
  const { db } = deps;
  const page = pageQuery(deps, community, filters);
  const emails = sql`(select email from (${page}))`;
  const [settingsRows, rows, names, answerRows, questions, tierRows] = await db.batch([
    settingsQuery(db, community.id),
    page,
    displayNamesQuery(db, community.id, emails),
    shownAnswersOf(db, community.id, emails),
    profileQuestionsQuery(db, community.id),
    db.select({ id: tiers.id, name: tiers.name }).from(tiers).where(eq(tiers.communityId, community.id)).orderBy(asc(tiers.rank)),
  ]);
  const settings = settingsFrom(settingsRows);
  assertSeesPeople(access, settings, community.name);
  const live = questions as ProfileQuestion[];
  for (const a of filters.answers) {
    if (!live.some((q) => q.id === a.questionId)) throw AppError.validation([{ field: "answer", message: `Unknown profile question: ${a.questionId.slice(0, 40)}` }]);
  }
  if (filters.tierId && !tierRows.some((t) => t.id === filters.tierId)) throw AppError.validation([{ field: "tier", message: "Unknown tier" }]);
  const shown = rows.slice(0, PAGE_SIZE);
  const nameOf = displayNamesFrom(names, community, shown.map((r) => r.email));
  const last = rows.length > PAGE_SIZE ? shown[shown.length - 1] : null;
  return {
    people: shown.map((r) => cardOf(r, nameOf.get(r.email)!, answerRows, live)),
    next: last ? `${last.sortKey}.${last.publicId}` : null,
    questions: live,
    tiers: tierRows,
    settings,
  };
}

type Row = { email: string; publicId: string; city: string | null; bio: string | null; standing: string | null };

export function cardOf(r: Row, name: DisplayName, answerRows: { email: string; questionId: string; value: AnswerValue }[], questions: ProfileQuestion[]): PersonCard {
  const answers = labelledAnswers(questions, (id) => answerRows.find((x) => x.email === r.email && x.questionId === id)?.value);
  return { publicId: r.publicId, name, city: r.city, bio: r.bio, standing: r.standing, answers };
}

/** Shown answers of the people a subquery yields (a page, or one person). */
export function shownAnswersOf(db: Db, communityId: string, emails: SQL) {
  return db
    .select({ email: profileAnswers.email, questionId: profileAnswers.questionId, value: profileAnswers.value })
    .from(profileAnswers)
    .where(and(eq(profileAnswers.communityId, communityId), inArray(profileAnswers.email, emails)));
}

/** The member's tier name, else their staff role ("owner", "moderator"). */
const [profileCommunity, profileEmail] = [qualified(memberProfiles.communityId), qualified(memberProfiles.email)];
export const standingSql = sql<string | null>`coalesce(
  (select t.name from memberships m join tiers t on t.id = m.tier_id where m.community_id = ${profileCommunity} and m.email = ${profileEmail}
     and m.status in ('active', 'trialing', 'past_due') limit 1),
  (select s.role from community_staff s where s.community_id = ${profileCommunity} and s.email = ${profileEmail}))`;

function pageQuery(deps: Pick<Deps, "db" | "now">, community: Scope, f: DirectoryFilters) {
  const { db } = deps;
  const now = deps.now();
  const since = now.getTime() - NEW_DAYS * 86_400_000;
  const memberConditions = sql.join(
    [
      ...(f.tierId ? [sql`and m.tier_id = ${f.tierId}`] : []),
      ...(f.newOnly ? [sql`and m.created_at >= ${since}`] : []),
    ],
    sql` `,
  );
  const listed = listedSql({ now, graceDays: community.graceDays }, memberProfiles.communityId, memberProfiles.email, memberConditions, !!(f.tierId || f.newOnly));
  // Every facet filter but the one that drives the read is a probe on the member's own rows.
  const facets = [...(f.city ? [{ questionId: CITY_FACET, key: f.city }] : []), ...f.answers];
  const [driver, ...probes] = facets;
  const words = f.words.map((w) => ({ questionId: NAME_FACET, key: w }));
  const probe = (p: { questionId: string; key: string }, prefix: boolean) =>
    sql`exists (select 1 from profile_facets x where x.community_id = ${profileCommunity} and x.email = ${profileEmail} and x.question_id = ${p.questionId}
      and ${prefix ? sql`x.value_key >= ${p.key} and x.value_key < ${upTo(p.key)}` : sql`x.value_key = ${p.key}`})`;
  const fields = { email: memberProfiles.email, publicId: sql<string>`${memberProfiles.publicId}`.as("public_id"), city: memberProfiles.city, bio: memberProfiles.bio, standing: standingSql.as("standing") };

  if (driver || words.length) {
    const [drive, prefix] = driver ? [driver, false] : [words[0]!, true];
    const rest = [...probes.map((p) => probe(p, false)), ...(driver ? words : words.slice(1)).map((w) => probe(w, true))];
    const after = f.cursor ? or(sql`${profileFacets.sortKey} < ${f.cursor.sortKey}`, and(eq(profileFacets.sortKey, f.cursor.sortKey), sql`${profileFacets.publicId} < ${f.cursor.publicId}`)) : undefined;
    // A name prefix can match two words of one name; an exact value matches a person once.
    return (prefix ? db.selectDistinct({ ...fields, sortKey: profileFacets.sortKey }) : db.select({ ...fields, sortKey: profileFacets.sortKey }))
      .from(profileFacets)
      .innerJoin(memberProfiles, and(eq(memberProfiles.communityId, profileFacets.communityId), eq(memberProfiles.email, profileFacets.email)))
      .where(
        and(
          eq(profileFacets.communityId, community.id),
          eq(profileFacets.questionId, drive.questionId),
          prefix ? sql`${profileFacets.valueKey} >= ${drive.key} and ${profileFacets.valueKey} < ${upTo(drive.key)}` : eq(profileFacets.valueKey, drive.key),
          after,
          ...rest,
          listed,
        ),
      )
      .orderBy(desc(profileFacets.sortKey), desc(profileFacets.publicId))
      .limit(PAGE_SIZE + 1);
  }
  const sortKey = sql<number>`${memberProfiles.createdAt}`;
  const after = f.cursor ? or(sql`${memberProfiles.createdAt} < ${f.cursor.sortKey}`, and(sql`${memberProfiles.createdAt} = ${f.cursor.sortKey}`, sql`${memberProfiles.publicId} < ${f.cursor.publicId}`)) : undefined;
  if (f.newOnly) {
    // "New this month" alone: the month's memberships (a range of their (community, created)
    // index) lead the read (CROSS JOIN keeps that order), so it costs the month's joiners, not
    // the community; the few found are then put in directory order.
    return db
      .selectDistinct({ ...fields, sortKey: sortKey.as("sort_key") })
      .from(memberships)
      .crossJoin(memberProfiles)
      .where(
        and(
          eq(memberships.communityId, community.id),
          gte(memberships.createdAt, new Date(since)),
          eq(memberProfiles.communityId, memberships.communityId),
          eq(memberProfiles.email, memberships.email),
          isNotNull(memberProfiles.publicId),
          after,
          listed,
        ),
      )
      .orderBy(desc(memberProfiles.createdAt), desc(memberProfiles.publicId))
      .limit(PAGE_SIZE + 1);
  }
  return db
    .select({ ...fields, sortKey: sortKey.as("sort_key") })
    .from(memberProfiles)
    .where(and(eq(memberProfiles.communityId, community.id), isNotNull(memberProfiles.publicId), after, listed))
    .orderBy(desc(memberProfiles.createdAt), desc(memberProfiles.publicId))
    .limit(PAGE_SIZE + 1);
}
