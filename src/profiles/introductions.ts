import { and, desc, eq, ne } from "drizzle-orm";
import { profileFacets, type Community } from "../../drizzle";
import type { Deps } from "../env";
import { batchAll } from "../lib/db";
import type { Access } from "../memberships/access";
import { CITY_FACET, profileQuestionsQuery, type ProfileQuestion } from "./answers";
import { displayNamesFrom, displayNamesQuery, type DisplayName } from "./names";
import { assertSeesPeople, listedSql, settingsFrom, settingsQuery } from "./visibility";

/**
 * "People you should meet": others who share the viewer's city or an interest, who offer what the
 * viewer needs, or need what the viewer offers, all from shown answers only. The work is bounded
 * whatever the community's size: at most MAX_VALUES of the viewer's values, each a read of at most
 * PER_VALUE newest people from the facet index, in one batch; then the few chosen are named.
 */

export const SUGGESTIONS = 5;
const MAX_VALUES = 16;
const PER_VALUE = 12;

export interface Introduction {
  publicId: string;
  name: DisplayName;
  /** Plain words: "both in Berlin; you both like bouldering; they can help with hiring". */
  reason: string;
}

type Link = "city" | "interest" | "theyOffer" | "youOffer";
const WEIGHT: Record<Link, number> = { city: 2, interest: 1, theyOffer: 3, youOffer: 3 };

interface Probe {
  link: Link;
  label: string;
  questionIds: string[];
  key: string;
}

/** "Trail running" reads "trail running" inside a sentence; "SQL" or "iOS" stay as written. */
const inSentence = (label: string) => (/^\p{Lu}(\p{Ll}|\s|$)/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label);
const listOf = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`);

/** The reason in plain words, from what linked the two people. */
export function reasonOf(links: { link: Link; label: string }[]): string {
  const of = (link: Link) => [...new Set(links.filter((l) => l.link === link).map((l) => l.label))];
  const parts: string[] = [];
  const city = of("city")[0];
  // A city typed all in lower case still reads as a name: "berlin" -> "Berlin".
  if (city) parts.push(`both in ${city === city.toLowerCase() ? city.replace(/(^|[\s-])\p{Ll}/gu, (m) => m.toUpperCase()) : city}`);
  const interests = of("interest").map(inSentence);
  if (interests.length) parts.push(`you both like ${listOf(interests)}`);
  const theyOffer = of("theyOffer").map(inSentence);
  if (theyOffer.length) parts.push(`they can help with ${listOf(theyOffer)}`);
  const youOffer = of("youOffer").map(inSentence);
  if (youOffer.length) parts.push(`you can help them with ${listOf(youOffer)}`);
  return parts.join("; ");
}

/** What to look for, from the viewer's own index rows: shared values, and offers against needs. */
function probesOf(mine: { questionId: string; valueKey: string; label: string }[], questions: ProfileQuestion[]): Probe[] {
  const ids = (role: ProfileQuestion["profileRole"]) => questions.filter((q) => q.profileRole === role).map((q) => q.id);
  const roleOf = (id: string) => (id === CITY_FACET ? "city" : questions.find((q) => q.id === id)?.profileRole);
  const city = mine.find((f) => f.questionId === CITY_FACET)?.valueKey;
  const probes: Probe[] = [];
  for (const f of mine) {
    const role = roleOf(f.questionId);
    if (role === "city") probes.push({ link: "city", label: f.label, questionIds: [CITY_FACET], key: f.valueKey });
    // A hobby that is only the city again ("Bouldering · Berlin") adds nothing to "both in Berlin".
    else if (role === "interests" && f.valueKey !== city) probes.push({ link: "interest", label: f.label, questionIds: [f.questionId], key: f.valueKey });
    else if (role === "needs" && ids("offers").length) probes.push({ link: "theyOffer", label: f.label, questionIds: ids("offers"), key: f.valueKey });
    else if (role === "offers" && ids("needs").length) probes.push({ link: "youOffer", label: f.label, questionIds: ids("needs"), key: f.valueKey });
  }
  return probes.sort((a, b) => WEIGHT[b.link] - WEIGHT[a.link]).slice(0, MAX_VALUES);
}

export async function introductions(deps: Pick<Deps, "db" | "now">, community: Community, access: Access | null, viewerEmail: string): Promise<Introduction[]> {
  const { db } = deps;
  const me = viewerEmail.toLowerCase();
  const [settingsRows, questions, mine] = await db.batch([
    settingsQuery(db, community.id),
    profileQuestionsQuery(db, community.id),
    db
      .select({ questionId: profileFacets.questionId, valueKey: profileFacets.valueKey, label: profileFacets.label })
      .from(profileFacets)
      .where(and(eq(profileFacets.communityId, community.id), eq(profileFacets.email, me), ne(profileFacets.questionId, "name")))
      .limit(MAX_VALUES * 4),
  ]);
  assertSeesPeople(access, settingsFrom(settingsRows), community.name);
  const probes = probesOf(mine, questions as ProfileQuestion[]);
  const listed = listedSql({ now: deps.now(), graceDays: community.graceDays }, profileFacets.communityId, profileFacets.email);
  const found = await batchAll(
    db,
    probes.flatMap((p) =>
      p.questionIds.map((questionId) =>
        db
          .select({ email: profileFacets.email, publicId: profileFacets.publicId, sortKey: profileFacets.sortKey })
          .from(profileFacets)
          .where(and(eq(profileFacets.communityId, community.id), eq(profileFacets.questionId, questionId), eq(profileFacets.valueKey, p.key), ne(profileFacets.email, me), listed))
          .orderBy(desc(profileFacets.sortKey))
          .limit(PER_VALUE),
      ),
    ),
  );
  const probeOf = probes.flatMap((p) => p.questionIds.map(() => p));
  const people = new Map<string, { publicId: string; sortKey: number; score: number; links: { link: Link; label: string }[] }>();
  found.forEach((rows, i) => {
    const probe = probeOf[i]!;
    for (const r of rows) {
      const person = people.get(r.email) ?? { publicId: r.publicId, sortKey: r.sortKey, score: 0, links: [] };
      if (!person.links.some((l) => l.link === probe.link && l.label === probe.label)) {
        person.links.push({ link: probe.link, label: probe.label });
        person.score += WEIGHT[probe.link];
      }
      people.set(r.email, person);
    }
  });
  const best = [...people].sort(([, a], [, b]) => b.score - a.score || b.sortKey - a.sortKey).slice(0, SUGGESTIONS);
  if (!best.length) return [];
  const names = displayNamesFrom(await displayNamesQuery(db, community.id, best.map(([email]) => email)), community, best.map(([email]) => email));
  return best.map(([email, p]) => ({ publicId: p.publicId, name: names.get(email)!, reason: reasonOf(p.links) }));
}
