import { and, asc, desc, eq, inArray, notInArray, type SQL } from "drizzle-orm";
import { applications, communities, communityStaff, LIVE_MEMBERSHIP_STATUSES, memberships, type StaffRole } from "../../drizzle";
import type { Config } from "../env";
import type { Db } from "../lib/db";
import type { AccountMenu, Place } from "../ui/account-menu";
import { isOperator } from "./roles";

/** Enough for a menu; someone in more communities than this finds the rest from their home page. */
const PER_KIND = 20;

/**
 * Where a signed-in person belongs in each of their communities, for the menu on every page:
 * staff go to the admin, members to their member home, applicants to their status page. One
 * community appears once, under its most useful destination. One D1 round trip.
 */
export async function placesFor(db: Db, config: Pick<Config, "operatorEmails">, email: string): Promise<AccountMenu> {
  const who = email.trim().toLowerCase();
  return placesFrom(config, who, await db.batch(placesReads(db, who)));
}

/**
 * The menu's reads for one person: `who` is their lower-cased email, or a subquery that yields it
 * (the session lookup batches these with the session itself, keyed by the session token).
 */
export function placesReads(db: Db, who: string | SQL) {
  const community = { slug: communities.slug, name: communities.name };
  return [
    db
      .select({ ...community, role: communityStaff.role })
      .from(communityStaff)
      .innerJoin(communities, eq(communities.id, communityStaff.communityId))
      .where(eq(communityStaff.email, who))
      .orderBy(asc(communities.name))
      .limit(PER_KIND),
    db
      .select(community)
      .from(memberships)
      .innerJoin(communities, eq(communities.id, memberships.communityId))
      .where(and(eq(memberships.email, who), inArray(memberships.status, [...LIVE_MEMBERSHIP_STATUSES])))
      .orderBy(asc(communities.name))
      .limit(PER_KIND),
    // Rejected applications lead nowhere useful; the newest of the others per community is shown.
    db
      .select({ ...community, token: applications.statusToken, applicationStatus: applications.status })
      .from(applications)
      .innerJoin(communities, eq(communities.id, applications.communityId))
      .where(and(eq(applications.email, who), notInArray(applications.status, ["rejected"])))
      .orderBy(desc(applications.createdAt))
      .limit(PER_KIND),
  ] as const;
}

type Named = { slug: string; name: string };
type PlacesRows = readonly [(Named & { role: StaffRole })[], Named[], (Named & { token: string })[]];

export function placesFrom(config: Pick<Config, "operatorEmails">, who: string, [staffRows, memberRows, applicationRows]: PlacesRows): AccountMenu {
  const places = new Map<string, Place>();
  for (const r of staffRows) places.set(r.slug, { name: r.name, href: `/c/${r.slug}/admin`, kind: "admin", role: r.role });
  for (const r of memberRows) if (!places.has(r.slug)) places.set(r.slug, { name: r.name, href: `/c/${r.slug}/home`, kind: "member" });
  for (const r of applicationRows) {
    if (!places.has(r.slug)) places.set(r.slug, { name: r.name, href: `/a/${r.token}`, kind: "application" });
  }
  return { email: who, operator: isOperator(config, who), places: [...places.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}
