import { and, eq, inArray, sql } from "drizzle-orm";
import { notificationPrefs, notifications, type Community, type NotificationKind, type Post, type Space } from "../../drizzle";
import { ensurePrefsFor } from "../content/prefs";
import type { Deps } from "../env";
import { batchAll, chunk } from "../lib/db";
import { newId } from "../lib/ids";
import { accessForMany } from "../memberships/access";
import { spaceRights } from "../spaces/rules";
import { activityEmail } from "./emails";
import { displayNamesQuery, nameLookup, type DisplayNameRows } from "../profiles/names";

/**
 * Writing notifications and their "each" emails, for every kind. Whoever is to be told must pass
 * the one access check for the post's space right now (`accessForMany` + `spaceRights`): someone
 * removed, banned, lapsed or moved to a tier that no longer opens the space gets nothing, neither
 * a row nor an email. Each row is unique per (email, kind, post); an "each" row is written with
 * its emailed_at already set, so the insert is also the email's claim: a redelivered job inserts
 * nothing and so sends nothing. A "daily" row starts its member's digest clock instead.
 */

/** What a notification is about, loaded once per job. */
export interface About {
  community: Community;
  space: Space;
  post: Post;
  /** The post's thread (the post itself when it is one). */
  thread: Post;
}

export interface Recipient {
  email: string;
  kind: NotificationKind;
}

/** At most this many people per call: every statement stays under D1's 100 bound parameters. */
export const DELIVER_MAX = 50;
const DAY_MS = 86_400_000;

/** Recipients in order of priority, without repeats: one notification per person and post. */
export function firstPerEmail(list: Recipient[], except: (string | null)[]): Recipient[] {
  const seen = new Set(except.filter((e): e is string => !!e).map((e) => e.toLowerCase()));
  return list.filter((r) => {
    const who = r.email.toLowerCase();
    if (seen.has(who)) return false;
    seen.add(who);
    return true;
  });
}

/**
 * Notifies `wanted` (at most DELIVER_MAX, the caller pages) about `about.post`, acted by `actor`
 * (null for a closed poll). Returns how many emails went out.
 */
export async function deliver(deps: Deps, about: About, wanted: Recipient[], actor: string | null): Promise<number> {
  const list = firstPerEmail(wanted, [actor]).map((r) => ({ ...r, email: r.email.toLowerCase() }));
  if (!list.length) return 0;
  if (list.length > DELIVER_MAX) throw new Error(`deliver takes at most ${DELIVER_MAX} recipients`);
  const { db } = deps;
  const now = deps.now();
  const accessOf = await accessForMany(deps, about.community, list.map((r) => r.email), now);
  const readers = list.filter((r) => spaceRights(accessOf(r.email), about.space, { muted: false }).read);
  if (!readers.length) return 0;
  const prefs = await ensurePrefsFor(deps, about.community.id, readers.map((r) => r.email));
  const mode = (email: string) => prefs.get(email)?.activityMode ?? "each";
  const rows = readers.map((r) => ({
    id: newId("ntf"),
    communityId: about.community.id,
    email: r.email,
    kind: r.kind,
    postId: about.post.id,
    actorEmail: actor,
    createdAt: now,
    emailedAt: mode(r.email) === "each" ? now : null,
  }));
  const daily = readers.filter((r) => mode(r.email) === "daily").map((r) => r.email);
  // Eight bound values a row: ten rows a statement.
  const inserts = chunk(rows, 10).map((slice) => db.insert(notifications).values(slice).onConflictDoNothing().returning({ email: notifications.email, kind: notifications.kind, emailedAt: notifications.emailedAt }));
  const results = await batchAll(db, [...inserts, ...(daily.length ? [digestDue(deps, about.community.id, daily, now)] : []), displayNamesQuery(db, about.community.id, actor ? [actor] : [])]);
  const inserted = results.slice(0, inserts.length).flat() as { email: string; kind: NotificationKind; emailedAt: Date | null }[];
  const names = nameLookup(results.at(-1) as DisplayNameRows, about.community.id);
  let sent = 0;
  for (const row of inserted.filter((r) => r.emailedAt)) {
    const item = { kind: row.kind, actor: names(actor), subject: about };
    await deps.mailer.send(activityEmail(deps.config, about.community, row.email, item, prefs.get(row.email)!.unsubscribeToken));
    sent += 1;
  }
  return sent;
}

/**
 * Starts the daily digest clock of members who just got a notification and have none pending:
 * their digest goes out a day from now with everything gathered meanwhile.
 */
function digestDue(deps: Pick<Deps, "db">, communityId: string, emails: string[], now: Date) {
  return deps.db
    .update(notificationPrefs)
    .set({ activityDigestDueAt: sql`coalesce(${notificationPrefs.activityDigestDueAt}, ${now.getTime() + DAY_MS})` })
    .where(and(eq(notificationPrefs.communityId, communityId), inArray(notificationPrefs.email, emails), eq(notificationPrefs.activityMode, "daily")));
}
