import * as z from "zod/mini";
import "../lib/zod-messages";
import { and, asc, desc, eq, gte, isNotNull, or, sql } from "drizzle-orm";
import { memberProfiles, memberships, profileFacets, tiers, type AnswerValue, type Community } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import type { Access } from "../memberships/access";
import { labelledAnswers, NAME_FACET, NAME_SEPARATORS, CITY_FACET, profileQuestionsQuery, valueKey, type ProfileQuestion } from "./answers";
import { badgesSql, chosenName, levelSql, type DisplayName } from "./names";
import { qualified } from "../lib/sql";
import { assertSeesPeople, listedSql, settingsFrom, settingsQuery, type PeopleSettings } from "./visibility";
import { lazyFields, once } from "../lib/lazy-fields";
import { pastCursor } from "../lib/cursor";

/**
 * The member directory: people with a profile who are listed (see `listedSql`), newest profile
 * first, a keyset page at a time. Each filter on a name word, an answer or the city is an equality
 * on `profile_facets`; one drives the read through its (question, value, order) index and the rest
 * are primary-key probes, so a page costs the same at 100 members as at 20,000 (as long as the
 * filters together match a page's worth among the driving filter's people: a combination nobody
 * matches reads all of the driver's). The page's one statement also reads what its cards show.
 */

export const PAGE_SIZE = 24;
export const MAX_ANSWER_FILTERS = 5;
const NEW_DAYS = 30;

const one = (max: number, message: string) => z.string().check(z.maxLength(max, message));
const asList = (v: unknown) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]);

/** The directory's filters, shared by the page (which builds `answer` from its fields) and the API. */
export const directoryQuerySchema = z.object(lazyFields({
  q: () => z.optional(one(60, "Keep the name search within 60 characters")),
  tier: () => z.optional(one(40, "Unknown tier")),
  city: () => z.optional(one(60, "Keep the city within 60 characters")),
  new: () => z.optional(z.enum(["1", "true", "0", "false", ""], { error: "`new` is 1 or 0" })),
  answer: () => z.optional(z.pipe(z.transform(asList), z.array(one(200, "Each answer filter is questionId:value, at most 200 characters")).check(z.maxLength(MAX_ANSWER_FILTERS, `At most ${MAX_ANSWER_FILTERS} answer filters`)))).register(z.globalRegistry, { description: "Repeatable: `questionId:value` (a value of a profile question, matched case-insensitively)", type: "array", items: { type: "string" } }),
  cursor: () => z.optional(one(80, "Invalid cursor")),
}));
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
    words: valueKey(query.q ?? "").split(NAME_SEPARATORS).filter(Boolean).slice(0, 4),
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

/** One page of the directory, and what the filter form needs, in one round trip. */
export async function directoryPage(deps: Pick<Deps, "db" | "now">, community: Scope, access: Access | null, filters: DirectoryFilters): Promise<DirectoryPage> {
  const { db } = deps;
  const [settingsRows, rows, questions, tierRows] = await db.batch([
    settingsQuery(db, community.id),
    pageQuery(deps, community, filters),
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
  const last = rows.length > PAGE_SIZE ? shown[shown.length - 1] : null;
  return {
    people: shown.map((r) => cardOf(r, community.slug, live)),
    next: last ? `${last.sortKey}.${last.publicId}` : null,
    questions: live,
    tiers: tierRows,
    settings,
  };
}

const profileKeys = once(() => [qualified(memberProfiles.communityId), qualified(memberProfiles.email)] as const);

/** The member's tier name, else their staff role ("owner", "moderator"). */
export const standingSql = once(() => {
  const [profileCommunity, profileEmail] = profileKeys();
  return sql<string | null>`coalesce(
    (select t.name from memberships m join tiers t on t.id = m.tier_id where m.community_id = ${profileCommunity} and m.email = ${profileEmail}
       and m.status in ('active', 'trialing', 'past_due') limit 1),
    (select s.role from community_staff s where s.community_id = ${profileCommunity} and s.email = ${profileEmail}))`;
});

/**
 * What a card shows, read with the profile row itself: the name, avatar, level and badges (as the
 * shared name lookup gives them for someone with a profile) and the shown answers as one JSON array
 * of [question id, value]. Each is an indexed lookup per person on the page, so no second statement
 * has to find the page's people again (which re-ran the filtered, sorted page inside it).
 */
export const cardFields = once(() => {
  const [profileCommunity, profileEmail] = profileKeys();
  return {
    email: memberProfiles.email,
    publicId: sql<string>`${memberProfiles.publicId}`.as("public_id"),
    city: memberProfiles.city,
    bio: memberProfiles.bio,
    standing: standingSql().as("standing"),
    displayName: memberProfiles.displayName,
    avatarKey: memberProfiles.avatarKey,
    level: levelSql(profileCommunity, profileEmail).as("level"),
    badges: badgesSql(profileCommunity, profileEmail).as("badges"),
    answers: sql<string>`(select json_group_array(json_array(a.question_id, json(a.value))) from profile_answers a where a.community_id = ${profileCommunity} and a.email = ${profileEmail})`.as("answers"),
  };
});

type CardRow = { email: string; publicId: string; city: string | null; bio: string | null; standing: string | null; displayName: string; avatarKey: string | null; level: number; badges: string; answers: string };

/** A card from a row of `cardFields`: only answers the member chose to show were ever read. */
export function cardOf(r: CardRow, slug: string, questions: ProfileQuestion[]): PersonCard {
  const shown = new Map(JSON.parse(r.answers) as [string, AnswerValue][]);
  const name = chosenName(slug, { name: r.displayName, avatarKey: r.avatarKey, level: r.level, badges: JSON.parse(r.badges) as string[] });
  return { publicId: r.publicId, name, city: r.city, bio: r.bio, standing: r.standing, answers: labelledAnswers(questions, (id) => shown.get(id)) };
}

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
  // Every filter is an equality on the facet index (a name word's prefixes are facets of their
  // own, see `namePrefixes`). One drives the read, newest first off the (question, value, order)
  // index, stopping after a page; the rest are primary-key probes on the member's own rows. A name,
  // when given, drives (its longest word): typed names are rarer than any city or hobby.
  const words = [...f.words].sort((x, y) => y.length - x.length).map((w) => ({ questionId: NAME_FACET, key: w }));
  const [drive, ...probes] = [...words, ...(f.city ? [{ questionId: CITY_FACET, key: f.city }] : []), ...f.answers];
  const fields = cardFields();
  const [profileCommunity, profileEmail] = profileKeys();

  if (drive) {
    const probe = (p: { questionId: string; key: string }) =>
      sql`exists (select 1 from profile_facets x where x.community_id = ${profileCommunity} and x.question_id = ${p.questionId} and x.value_key = ${p.key} and x.email = ${profileEmail})`;
    const after = f.cursor ? pastCursor("desc", profileFacets.sortKey, profileFacets.publicId, f.cursor.sortKey, f.cursor.publicId) : undefined;
    return db
      .select({ ...fields, sortKey: profileFacets.sortKey })
      .from(profileFacets)
      .innerJoin(memberProfiles, and(eq(memberProfiles.communityId, profileFacets.communityId), eq(memberProfiles.email, profileFacets.email)))
      .where(and(eq(profileFacets.communityId, community.id), eq(profileFacets.questionId, drive.questionId), eq(profileFacets.valueKey, drive.key), after, ...probes.map(probe), listed))
      .orderBy(desc(profileFacets.sortKey), desc(profileFacets.publicId))
      .limit(PAGE_SIZE + 1);
  }
  const sortKey = sql<number>`${memberProfiles.createdAt}`;
  const after = f.cursor ? pastCursor("desc", memberProfiles.createdAt, memberProfiles.publicId, f.cursor.sortKey, f.cursor.publicId) : undefined;
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
