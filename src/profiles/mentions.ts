import { and, eq, inArray, sql } from "drizzle-orm";
import { applications, LIVE_MEMBERSHIP_STATUSES, memberProfiles, memberships } from "../../drizzle";
import { applicationName } from "./names";
import type { Db } from "../lib/db";
import { nameKey } from "./schemas";

/**
 * @mentions in a Markdown body, resolved against the display names chosen in the community.
 * Names may hold spaces ("@Maya Okafor"), so each @ tries the next one to four words, longest
 * first; a word's trailing punctuation ("@Maya Okafor, thanks") is tried with and without it.
 */

export const MAX_MENTIONS = 20;
/** @ signs looked at per body: enough for 20 mentions among stray ones, bounded for the query. */
const MAX_TOKENS = 50;
const MAX_WORDS = 4;

export interface Mention {
  email: string;
  displayName: string;
}

/** Code is quoted text: an @ inside `code` or a fenced block mentions nobody. */
function withoutCode(body: string): string {
  return body.replace(/```[\s\S]*?(```|$)|~~~[\s\S]*?(~~~|$)|`[^`\n]*`/g, " ");
}

/**
 * The candidate name keys of each @ in the body, longest first. An @ only starts a mention at the
 * start of a word, so "ann@example.com" mentions nobody.
 */
export function mentionCandidates(body: string): string[][] {
  const text = withoutCode(body.slice(0, 100_000));
  const tokens: string[][] = [];
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_.+\-@])@(?=[\p{L}\p{N}])/gu)) {
    if (tokens.length >= MAX_TOKENS) break;
    const line = text.slice(match.index + 1, match.index + 1 + 200).split("\n", 1)[0]!;
    const words = line.split(/[ \t]+/).filter(Boolean).slice(0, MAX_WORDS);
    const keys: string[] = [];
    for (let n = words.length; n >= 1; n--) {
      const span = words.slice(0, n).join(" ");
      const bare = span.replace(/[\p{P}\p{S}]+$/u, "");
      for (const s of [span, bare]) if (s && !keys.includes(nameKey(s))) keys.push(nameKey(s));
    }
    tokens.push(keys);
  }
  return tokens;
}

/**
 * The people a body mentions, in order of first mention, at most 20, in one round trip. A chosen
 * display name is matched first; a live member who has not chosen one yet is found by the name on
 * their application (the name others see for them), so nobody is unmentionable until they edit
 * their profile.
 */
export async function resolveMentions(db: Db, communityId: string, markdownBody: string): Promise<Mention[]> {
  const tokens = mentionCandidates(markdownBody);
  const keys = [...new Set(tokens.flat())];
  if (!keys.length) return [];
  const keyList = sql`(select value from json_each(${JSON.stringify(keys)}))`;
  const [chosen, applied] = await db.batch([
    db
      .select({ email: memberProfiles.email, displayName: memberProfiles.displayName, key: memberProfiles.displayNameKey })
      .from(memberProfiles)
      .where(and(eq(memberProfiles.communityId, communityId), inArray(memberProfiles.displayNameKey, keyList))),
    db
      .select({ email: applications.email, name: applications.name, key: sql<string>`lower(${applications.name})` })
      .from(applications)
      .where(
        and(
          eq(applications.communityId, communityId),
          inArray(sql`lower(${applications.name})`, keyList),
          sql`not exists (select 1 from ${memberProfiles} where ${memberProfiles.communityId} = ${applications.communityId} and ${memberProfiles.email} = ${applications.email})`,
          sql`exists (select 1 from ${memberships} where ${memberships.communityId} = ${applications.communityId} and ${memberships.email} = ${applications.email}
            and ${memberships.status} in ${[...LIVE_MEMBERSHIP_STATUSES]})`,
        ),
      )
      .limit(MAX_TOKENS * MAX_WORDS),
  ]);
  const byKey = new Map<string, Mention>();
  for (const r of applied) {
    const name = applicationName(r.name, r.email);
    if (name && !byKey.has(r.key)) byKey.set(r.key, { email: r.email, displayName: name });
  }
  // A chosen name wins over someone's application name.
  for (const r of chosen) byKey.set(r.key, { email: r.email, displayName: r.displayName });
  const out: Mention[] = [];
  for (const candidates of tokens) {
    const hit = candidates.map((k) => byKey.get(k)).find(Boolean);
    if (hit && !out.some((m) => m.email === hit.email)) out.push(hit);
    if (out.length >= MAX_MENTIONS) break;
  }
  return out;
}
