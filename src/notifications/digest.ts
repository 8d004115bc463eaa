import { and, asc, eq, gt, inArray, isNull, lte, sql } from "drizzle-orm";
import { communities, notificationPrefs, notifications } from "../../drizzle";
import type { Deps } from "../env";
import { chunk, CRON_BATCH } from "../lib/db";
import type { Enqueue } from "../lib/queue";
import { accessFor } from "../memberships/access";
import { spaceRights } from "../spaces/rules";
import { subjectLookup, subjectQueries } from "./describe";
import { activityDigestEmail, type EmailItem } from "./emails";
import { displayNamesQuery, nameLookup } from "../profiles/names";

/**
 * The daily digest of activity notifications. The cron claims members whose digest is due (on
 * notification_prefs_digest_due_idx: the due time is cleared in the update that finds it) and
 * queues them by community; the job then claims each member's un-emailed notifications (setting
 * emailed_at in the update that reads them, so a redelivered job finds none and sends nothing)
 * and mails what the member may still read: posts still visible, in spaces their access opens.
 */

export interface ActivityDigestJob {
  kind: "activity-digest";
  communityId: string;
  emails: string[];
  /** The cron run's time, in ms. */
  at: number;
}

/** Members per job; each costs a few round trips and one email. */
const MEMBERS_PER_JOB = 20;
/** Items listed in one digest (see `subjectQueries`); the rest wait in the in-app list. */
const DIGEST_ITEMS = 30;
/** How far back a digest looks: a member who was daily, then off, then daily again gets nothing stale. */
const DIGEST_WINDOW_MS = 7 * 86_400_000;

export async function enqueueActivityDigests(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<ActivityDigestJob>): Promise<number> {
  const { db } = deps;
  const now = deps.now();
  const due = db.select({ id: sql`rowid` }).from(notificationPrefs).where(lte(notificationPrefs.activityDigestDueAt, now)).orderBy(asc(notificationPrefs.activityDigestDueAt)).limit(CRON_BATCH);
  const claimed = await db
    .update(notificationPrefs)
    .set({ activityDigestDueAt: null })
    .where(and(inArray(sql`rowid`, due), lte(notificationPrefs.activityDigestDueAt, now)))
    .returning({ communityId: notificationPrefs.communityId, email: notificationPrefs.email, mode: notificationPrefs.activityMode });
  const byCommunity = new Map<string, string[]>();
  for (const c of claimed.filter((c) => c.mode === "daily")) byCommunity.set(c.communityId, [...(byCommunity.get(c.communityId) ?? []), c.email]);
  const jobs = [...byCommunity].flatMap(([communityId, emails]) => chunk(emails, MEMBERS_PER_JOB).map((slice): ActivityDigestJob => ({ kind: "activity-digest", communityId, emails: slice, at: now.getTime() })));
  await enqueue(jobs);
  return jobs.length;
}

export async function runActivityDigestJob(deps: Deps, job: ActivityDigestJob): Promise<number> {
  let sent = 0;
  for (const email of job.emails) sent += await sendDigest(deps, job, email);
  return sent;
}

async function sendDigest(deps: Deps, job: ActivityDigestJob, email: string): Promise<number> {
  const { db } = deps;
  const at = new Date(job.at);
  const mine = and(eq(notifications.communityId, job.communityId), eq(notifications.email, email));
  const [[community], [pref], claimed] = await db.batch([
    db.select().from(communities).where(eq(communities.id, job.communityId)),
    db.select().from(notificationPrefs).where(and(eq(notificationPrefs.communityId, job.communityId), eq(notificationPrefs.email, email))),
    db
      .update(notifications)
      .set({ emailedAt: at })
      .where(and(mine, isNull(notifications.emailedAt), gt(notifications.createdAt, new Date(job.at - DIGEST_WINDOW_MS)), lte(notifications.createdAt, at)))
      .returning(),
  ]);
  // Read in-app already, or nothing left: no email.
  const unread = claimed.filter((n) => !n.readAt).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  if (!community || pref?.activityMode !== "daily" || !unread.length) return 0;
  // The newest few are loaded and checked; the rest wait in the in-app list, linked below.
  // (Notices without a post are written as emailed: none is claimed here; the filter is for types.)
  const head = unread.filter((n): n is typeof n & { postId: string } => !!n.postId).slice(0, DIGEST_ITEMS);
  const [postRows, spaceRows, nameRows] = await db.batch([
    ...subjectQueries(db, job.communityId, [...new Set(head.map((n) => n.postId))]),
    displayNamesQuery(db, job.communityId, [...new Set(head.map((n) => n.actorEmail).filter((e): e is string => !!e))]),
  ]);
  const access = await accessFor(deps, community, email, deps.now());
  const subjectOf = subjectLookup(postRows, spaceRows);
  const names = nameLookup(nameRows, job.communityId);
  const shown: EmailItem[] = head.flatMap((n) => {
    const found = subjectOf(n.postId);
    return found && spaceRights(access, found.space, { muted: false }).read ? [{ kind: n.kind, actor: names(n.actorEmail), subject: { community, ...found } }] : [];
  });
  if (!shown.length) return 0;
  await deps.mailer.send(activityDigestEmail(deps.config, community, email, shown, unread.length > head.length, pref.unsubscribeToken));
  return 1;
}
