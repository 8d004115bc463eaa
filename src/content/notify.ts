import { and, desc, eq, gt, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { communities, dropNotifications, drops, memberships, notificationPrefs, tiers, type Community, type Drop } from "../../drizzle";
import type { Deps } from "../env";
import { groupTargets, targetsQuery, type Target } from "./drops";
import { digestEmail, dropEmail } from "./emails";
import { gateFor } from "./gate";
import { ensurePrefs, type NotificationPref } from "./prefs";
import { DAY_MS, HOUR_MS, unlockTimeFor, type Reader } from "./release";
import { MAX_OFFSET_HOURS } from "./schemas";

/**
 * The cron side of drops. `publishDueDrops` marks drops whose time has come as published (a
 * conditional update, so two runs publish once). `notifyUnlockedDrops` emails each member at the
 * moment a drop opens for them, by their preference, claiming each (drop, member) in
 * drop_notifications before sending, so a repeated or overlapping run sends nothing twice. A
 * missed run is caught up by the next: anything that opened within the window is still due.
 */

/** How far back a missed opening is still worth an email (and longer than a digest week). */
export const NOTIFY_WINDOW_DAYS = 14;
export const DIGEST_EVERY_DAYS = 7;
const MAX_DROPS_PER_RUN = 500;

export async function publishDueDrops(deps: Pick<Deps, "db" | "now">): Promise<number> {
  const now = deps.now();
  const claimed = await deps.db
    .update(drops)
    .set({ status: "published", publishedAt: sql`coalesce(${drops.publishedAt}, ${now.getTime()})`, updatedAt: now })
    .where(and(eq(drops.status, "scheduled"), lte(drops.publishAt, now)))
    .returning({ id: drops.id });
  return claimed.length;
}

interface MemberRow {
  communityId: string;
  email: string;
  tierId: string;
  rank: number;
  joinedAt: Date | null;
}

async function loadRun(deps: Pick<Deps, "db" | "now">, now: Date) {
  const { db } = deps;
  const oldest = new Date(now.getTime() - NOTIFY_WINDOW_DAYS * DAY_MS - MAX_OFFSET_HOURS * HOUR_MS);
  const due = and(eq(drops.status, "published"), lte(drops.publishAt, now), or(gt(drops.publishAt, oldest), isNotNull(drops.dripDays)));
  const ids = db.select({ id: drops.id }).from(drops).where(due).orderBy(desc(drops.publishAt)).limit(MAX_DROPS_PER_RUN);
  const communityIds = db.selectDistinct({ id: drops.communityId }).from(drops).where(inArray(drops.id, ids));
  return db.batch([
    db.select().from(drops).where(inArray(drops.id, ids)),
    targetsQuery(db, ids),
    db.select().from(communities).where(inArray(communities.id, communityIds)),
    db
      .select({ communityId: memberships.communityId, email: memberships.email, tierId: memberships.tierId, rank: tiers.rank, joinedAt: memberships.joinedAt })
      .from(memberships)
      .innerJoin(tiers, eq(tiers.id, memberships.tierId))
      .where(and(inArray(memberships.communityId, communityIds), inArray(memberships.status, ["active", "trialing", "past_due"]))),
    db.select({ dropId: dropNotifications.dropId, email: dropNotifications.email }).from(dropNotifications).where(inArray(dropNotifications.dropId, ids)),
    db.select().from(notificationPrefs).where(inArray(notificationPrefs.communityId, communityIds)),
  ]);
}

/** When a drop counts as newly opened for a reader: its unlock time (staff: its publish time). */
function openedAt(drop: Drop, targets: Target[], reader: Reader): Date | null {
  return reader.kind === "staff" ? drop.publishAt : unlockTimeFor(drop, targets, reader);
}

/** Drops that opened for the reader within the window, after they joined, not yet notified. */
function newlyOpen(list: Drop[], byDrop: Map<string, Target[]>, reader: Reader, joinedAt: Date | null, sent: Set<string>, now: Date): Drop[] {
  const from = Math.max(now.getTime() - NOTIFY_WINDOW_DAYS * DAY_MS, joinedAt?.getTime() ?? 0);
  return list.filter((d) => {
    if (sent.has(d.id)) return false;
    const at = openedAt(d, byDrop.get(d.id) ?? [], reader)?.getTime();
    return at != null && at >= from && at <= now.getTime();
  });
}

export async function notifyUnlockedDrops(deps: Deps): Promise<number> {
  const now = deps.now();
  const [dropRows, targetRows, communityRows, members, notified, prefRows] = await loadRun(deps, now);
  if (!dropRows.length) return 0;
  const byDrop = groupTargets(targetRows);
  const sent = new Set(notified.map((n) => `${n.dropId}|${n.email}`));
  const prefs = new Map(prefRows.map((p) => [`${p.communityId}|${p.email}`, p]));
  const byCommunity = new Map(communityRows.map((c) => [c.id, c]));
  let emails = 0;
  for (const m of members as MemberRow[]) {
    const community = byCommunity.get(m.communityId)!;
    const mine = dropRows.filter((d) => d.communityId === m.communityId);
    const sentHere = new Set(mine.filter((d) => sent.has(`${d.id}|${m.email}`)).map((d) => d.id));
    const preliminary: Reader = { kind: "member", tierId: m.tierId, tierRank: m.rank, joinedAt: m.joinedAt };
    if (!newlyOpen(mine, byDrop, preliminary, m.joinedAt, sentHere, now).length) continue;
    const pref = prefs.get(`${m.communityId}|${m.email}`);
    if (pref?.mode === "off") continue;
    // The gate has the last word, right before anything is sent.
    const { reader } = await gateFor(deps, community, m.email);
    if (!reader) continue;
    const due = newlyOpen(mine, byDrop, reader, m.joinedAt, sentHere, now);
    if (due.length) emails += await notifyMember(deps, community, m.email, due, pref);
  }
  return emails;
}

async function notifyMember(deps: Deps, community: Community, email: string, due: Drop[], pref: NotificationPref | undefined): Promise<number> {
  if (pref?.mode === "weekly") return sendDigest(deps, community, email, due, pref);
  let sentCount = 0;
  for (const drop of due) {
    const claimed = await deps.db
      .insert(dropNotifications)
      .values({ dropId: drop.id, email, kind: "drop", sentAt: deps.now() })
      .onConflictDoNothing()
      .returning({ dropId: dropNotifications.dropId });
    if (!claimed.length) continue;
    const { unsubscribeToken } = pref ?? (await ensurePrefs(deps, community.id, email));
    await deps.mailer.send(dropEmail(deps.config, community, email, drop, unsubscribeToken));
    sentCount += 1;
  }
  return sentCount;
}

/** One digest a week: claim the week on the preferences row, then the drops it carries. */
async function sendDigest(deps: Deps, community: Community, email: string, due: Drop[], pref: NotificationPref): Promise<number> {
  const now = deps.now();
  const weekAgo = new Date(now.getTime() - DIGEST_EVERY_DAYS * DAY_MS);
  const week = await deps.db
    .update(notificationPrefs)
    .set({ lastDigestAt: now })
    .where(
      and(
        eq(notificationPrefs.communityId, community.id),
        eq(notificationPrefs.email, email),
        eq(notificationPrefs.mode, "weekly"),
        or(sql`${notificationPrefs.lastDigestAt} is null`, lte(notificationPrefs.lastDigestAt, weekAgo)),
      ),
    )
    .returning({ email: notificationPrefs.email });
  if (!week.length) return 0;
  // One statement per drop: D1 caps bound parameters per statement.
  const [first, ...rest] = due.map((d) =>
    deps.db.insert(dropNotifications).values({ dropId: d.id, email, kind: "digest", sentAt: now }).onConflictDoNothing().returning({ dropId: dropNotifications.dropId }),
  );
  const claimed = first ? (await deps.db.batch([first, ...rest])).flat() : [];
  const ids = new Set(claimed.map((c) => c.dropId));
  const carried = due.filter((d) => ids.has(d.id));
  if (!carried.length) return 0;
  await deps.mailer.send(digestEmail(deps.config, community, email, carried, pref.unsubscribeToken));
  return 1;
}
