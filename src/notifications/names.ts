import { and, asc, eq, inArray } from "drizzle-orm";
import { applications } from "../../drizzle";
import type { Db } from "../lib/db";

/**
 * How notifications name the people in them (in the list, the API and emails): by the name the
 * member gave when applying, until display names exist; this one file is where that changes.
 * Never any part of an email address: a name that looks like one falls back to "A member".
 */
export const NO_NAME = "A member";

export type Names = (email: string | null) => string;

/** The query behind `authorNames`, for a batch: the newest application's name wins. */
export function authorNamesQuery(db: Db, communityId: string, emails: string[]) {
  return db
    .select({ email: applications.email, name: applications.name })
    .from(applications)
    .where(and(eq(applications.communityId, communityId), inArray(applications.email, emails.length ? emails : [""])))
    .orderBy(asc(applications.createdAt));
}

export function namesFrom(rows: { email: string; name: string }[]): Names {
  const byEmail = new Map(rows.map((r) => [r.email.toLowerCase(), r.name.trim()]));
  return (email) => {
    if (!email) return NO_NAME;
    const name = byEmail.get(email.toLowerCase());
    const local = email.split("@")[0]!.toLowerCase();
    if (!name || name.includes("@") || name.toLowerCase() === local) return NO_NAME;
    return name;
  };
}

export async function authorNames(db: Db, communityId: string, emails: (string | null)[]): Promise<Names> {
  const who = [...new Set(emails.filter((e): e is string => !!e).map((e) => e.toLowerCase()))];
  return namesFrom(who.length ? await authorNamesQuery(db, communityId, who) : []);
}
