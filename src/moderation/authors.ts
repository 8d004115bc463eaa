import { and, asc, eq, inArray, type SQLWrapper } from "drizzle-orm";
import { applications } from "../../drizzle";
import type { Db } from "../lib/db";

/**
 * How moderation names an author: the name they applied with, else "Member"; never any part of
 * the email (staff see the email beside it). The one place to swap for the members' display
 * names (profiles) when those exist. A query, so callers can put it in the batch they already make.
 */
export function authorNamesQuery(db: Db, communityId: string, emails: string[] | SQLWrapper) {
  const wanted = Array.isArray(emails) ? [...new Set(emails.map((e) => e.toLowerCase()))] : emails;
  // Oldest first, so the newest application's name wins below.
  return db
    .select({ email: applications.email, name: applications.name })
    .from(applications)
    .where(and(eq(applications.communityId, communityId), inArray(applications.email, Array.isArray(wanted) && !wanted.length ? [""] : wanted)))
    .orderBy(asc(applications.createdAt));
}

export function authorName(rows: { email: string; name: string }[]): (email: string) => string {
  const names = new Map(rows.map((r) => [r.email.toLowerCase(), r.name.trim()]));
  return (email) => names.get(email.toLowerCase()) || "Member";
}
