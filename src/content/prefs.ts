import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { communities, feedTokens, notificationPrefs, type ActivityMode, type Community, type NotifyMode } from "../../drizzle";
import type { Deps } from "../env";
import { batchAll, chunk, type Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newSecretToken } from "../lib/ids";
import type { UnsubscribeList } from "./emails";

/** Per-member email preferences (with the one-click unsubscribe token) and private RSS feed tokens. */

export type NotificationPref = typeof notificationPrefs.$inferSelect;

const prefKey = (communityId: string, email: string) => and(eq(notificationPrefs.communityId, communityId), eq(notificationPrefs.email, email.toLowerCase()));

export async function getPrefs(db: Db, communityId: string, email: string): Promise<NotificationPref | undefined> {
  return (await prefsQuery(db, communityId, email))[0];
}

/** The statement behind `getPrefs` (at most one row), for a batch. */
export function prefsQuery(db: Db, communityId: string, email: string) {
  return db.select().from(notificationPrefs).where(prefKey(communityId, email)).limit(1);
}

/** The member's preferences, created with the default (an email per drop) on first need. */
export async function ensurePrefs(deps: Pick<Deps, "db" | "now">, communityId: string, email: string): Promise<NotificationPref> {
  return (await ensurePrefsFor(deps, communityId, [email])).get(email.toLowerCase())!;
}

/** The same for many members in one round trip (the drop-notification jobs ask for a page). */
export async function ensurePrefsFor(deps: Pick<Deps, "db" | "now">, communityId: string, emails: string[]): Promise<Map<string, NotificationPref>> {
  const who = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (!who.length) return new Map();
  const at = deps.now();
  const rows = who.map((email) => ({ communityId, email, mode: "each" as const, unsubscribeToken: newSecretToken(), updatedAt: at }));
  // Six bound values a row (activity_mode's default is sent as one): 15 rows stay under D1's 100 bound parameters.
  const inserts = chunk(rows, 15).map((slice) => deps.db.insert(notificationPrefs).values(slice).onConflictDoNothing());
  const reads = chunk(who, 90).map((slice) => deps.db.select().from(notificationPrefs).where(and(eq(notificationPrefs.communityId, communityId), inArray(notificationPrefs.email, slice))));
  const results = await batchAll(deps.db, [...inserts, ...reads]);
  const found = results.slice(inserts.length).flat() as NotificationPref[];
  return new Map(found.map((p) => [p.email, p]));
}

/** Switching to the weekly digest starts its week now, so the first digest comes in seven days. */
export async function setNotifyMode(deps: Pick<Deps, "db" | "now">, communityId: string, email: string, mode: NotifyMode): Promise<NotificationPref> {
  const current = await ensurePrefs(deps, communityId, email);
  const at = deps.now();
  const lastDigestAt = mode === "weekly" && current.mode !== "weekly" ? at : current.lastDigestAt;
  await deps.db.update(notificationPrefs).set({ mode, lastDigestAt, updatedAt: at }).where(prefKey(communityId, email));
  return { ...current, mode, lastDigestAt, updatedAt: at };
}

/**
 * Emails about activity in the space. Leaving the daily digest drops a pending one (what waits
 * stays in the in-app list); joining it starts a day from now at the earliest.
 */
export async function setActivityMode(deps: Pick<Deps, "db" | "now">, communityId: string, email: string, mode: ActivityMode): Promise<NotificationPref> {
  const current = await ensurePrefs(deps, communityId, email);
  const at = deps.now();
  const activityDigestDueAt = mode === "daily" ? current.activityDigestDueAt : null;
  await deps.db.update(notificationPrefs).set({ activityMode: mode, activityDigestDueAt, updatedAt: at }).where(prefKey(communityId, email));
  return { ...current, activityMode: mode, activityDigestDueAt, updatedAt: at };
}

/** The preferences an unsubscribe link points at, in the community its URL names; else 404. */
export async function prefsByToken(db: Db, slug: string, token: string): Promise<{ pref: NotificationPref; community: Community }> {
  const [row] = await db
    .select({ pref: notificationPrefs, community: communities })
    .from(notificationPrefs)
    .innerJoin(communities, eq(communities.id, notificationPrefs.communityId))
    .where(and(eq(notificationPrefs.unsubscribeToken, token), eq(communities.slug, slug)))
    .limit(1);
  if (!row) throw AppError.notFound("Unsubscribe link");
  return row;
}

/** Turns off the one list the link came from: leaving activity emails keeps drop emails, and the reverse. */
export async function unsubscribeByToken(deps: Pick<Deps, "db" | "now">, slug: string, token: string, list: UnsubscribeList = "drops"): Promise<Community> {
  const { pref, community } = await prefsByToken(deps.db, slug, token);
  const off = list === "activity" ? { activityMode: "off" as const, activityDigestDueAt: null } : { mode: "off" as const };
  await deps.db.update(notificationPrefs).set({ ...off, updatedAt: deps.now() }).where(prefKey(pref.communityId, pref.email));
  return community;
}

const liveToken = (communityId: string, email: string) => and(eq(feedTokens.communityId, communityId), eq(feedTokens.email, email.toLowerCase()), isNull(feedTokens.revokedAt));

export async function activeFeedToken(db: Db, communityId: string, email: string): Promise<string | null> {
  return (await feedTokenQuery(db, communityId, email))[0]?.token ?? null;
}

/** The statement behind `activeFeedToken` (at most one row), for a batch. */
export function feedTokenQuery(db: Db, communityId: string, email: string) {
  return db.select({ token: feedTokens.token }).from(feedTokens).where(liveToken(communityId, email)).limit(1);
}

/** A new private feed URL; any earlier one stops working at once. */
export async function issueFeedToken(deps: Pick<Deps, "db" | "now">, communityId: string, email: string): Promise<string> {
  const token = newSecretToken();
  const at = deps.now();
  await deps.db.batch([
    deps.db.update(feedTokens).set({ revokedAt: at }).where(liveToken(communityId, email)),
    deps.db.insert(feedTokens).values({ token, communityId, email: email.toLowerCase(), createdAt: at }),
  ]);
  return token;
}

export async function revokeFeedTokens(deps: Pick<Deps, "db" | "now">, communityId: string, email: string): Promise<void> {
  await deps.db.update(feedTokens).set({ revokedAt: deps.now() }).where(liveToken(communityId, email));
}

/**
 * Whose feed a token opens, as a subquery on the community's slug: one row (the owner's address)
 * when the token is live and of that community, none when it is unknown, revoked, or of another
 * community. A batch can read the owner's access by it in the same round trip.
 */
export function feedTokenOwnerQuery(db: Db, slug: string, token: string) {
  return db
    .select({ email: sql<string>`lower(${feedTokens.email})`.as("email") })
    .from(feedTokens)
    .where(and(eq(feedTokens.token, token), sql`${feedTokens.communityId} = (${db.select({ id: communities.id }).from(communities).where(eq(communities.slug, slug))})`, isNull(feedTokens.revokedAt)))
    .limit(1);
}
