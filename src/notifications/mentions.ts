import { and, eq, inArray, sql } from "drizzle-orm";
import { applications, LIVE_MEMBERSHIP_STATUSES, memberships } from "../../drizzle";
import type { Db } from "../lib/db";

/**
 * @mentions: `@Ada Lovelace` names a live member of the community by name. A mention is one to
 * four words after the @ (a space between words, no line break); the longest span that names a
 * member wins, so "@Ada Lovelace thanks" finds Ada Lovelace before an "Ada". The names come from
 * the members' applications until display names exist: this one file is where that changes.
 */

/** Mentions read per post: with four spans each, the lookup stays under D1's 100 bound parameters. */
export const MAX_MENTIONS = 20;
const MAX_WORDS = 4;
const WORD = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}'’.-]*[\p{L}\p{N}])?`;
// Not after a letter, digit or dot: "ada@example.com" is an address, not a mention.
const MENTION = new RegExp(String.raw`(?<![\p{L}\p{N}._@-])@(${WORD}(?:[ \t]+${WORD}){0,${MAX_WORDS - 1}})`, "gu");

/** For each mention (at most MAX_MENTIONS), its candidate names, longest first, lower-cased. */
export function mentionSpans(body: string): string[][] {
  const spans: string[][] = [];
  for (const match of body.matchAll(MENTION)) {
    if (spans.length >= MAX_MENTIONS) break;
    const words = match[1]!.split(/[ \t]+/);
    spans.push(words.map((_, i) => words.slice(0, words.length - i).join(" ").toLowerCase()));
  }
  return spans;
}

/** The emails of the live members a post's body mentions, in one bounded query. */
export async function mentionedEmails(db: Db, communityId: string, body: string): Promise<string[]> {
  const spans = mentionSpans(body);
  const candidates = [...new Set(spans.flat())];
  if (!candidates.length) return [];
  const rows = await db
    .selectDistinct({ name: sql<string>`lower(${applications.name})`, email: memberships.email })
    .from(applications)
    .innerJoin(memberships, and(eq(memberships.communityId, applications.communityId), eq(memberships.email, applications.email)))
    .where(and(eq(applications.communityId, communityId), inArray(sql`lower(${applications.name})`, candidates), inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES])))
    .limit(MAX_MENTIONS * MAX_WORDS);
  const byName = new Map<string, string[]>();
  for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r.email]);
  const found = spans.flatMap((names) => byName.get(names.find((n) => byName.has(n)) ?? "") ?? []);
  return [...new Set(found)].slice(0, MAX_MENTIONS);
}
