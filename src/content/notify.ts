import { and, asc, desc, eq, gt, inArray, isNotNull, lte, or, sql } from "drizzle-orm";
import { communities, dropNotifications, drops, memberships, notificationPrefs, tiers, type Community, type Drop } from "../../drizzle";
import type { Deps } from "../env";
import { batchAll, chunk } from "../lib/db";
import type { Enqueue } from "../lib/queue";
import { accessForMany } from "../memberships/access";
import { groupTargets, targetsQuery, type Target } from "./drop-rows";
import { digestEmail, dropEmail } from "./emails";
import { ensurePrefsFor, type NotificationPref } from "./prefs";
import { DAY_MS, HOUR_MS, readerOf, unlockTimeFor, type Reader } from "./release";
import { MAX_OFFSET_HOURS } from "./schemas";

/**
 * The cron side of drops. `publishDueDrops` marks drops whose time has come as published (a
 * conditional update, so two runs publish once). `enqueueDropNotifications` only finds which
 * drops may be due for someone and queues one job per community (and slice of its drops); each
 * job (`runDropNotifyJob`) handles one keyset page of members and queues the next page, so no
 * invocation ever holds a whole community. A member is emailed at the moment a drop opens for
 * them, by their preference, and each (drop, member) is claimed in drop_notifications before
 * anything is sent, so a repeated job, a redelivered message or two overlapping runs send
 * nothing twice. A missed run is caught up by the next: anything that opened within the window
 * is still due.
 */

/** How far back a missed opening is still worth an email (and longer than a digest week). */
export const NOTIFY_WINDOW_DAYS = 14;
export const DIGEST_EVERY_DAYS = 7;
const MAX_DROPS_PER_RUN = 500;
/** Drops per job: with a page subquery, every statement stays under D1's 100 bound parameters. */
const DROPS_PER_JOB = 40;
/** Members per page job, and the emails one page job sends before it hands the rest on. */
export const MEMBERS_PER_PAGE = 50;
const EMAILS_PER_JOB = 100;
/** Page jobs one fan-out job cuts (from one index-only read of member emails, about 60 KB). */
const PAGES_PER_FANOUT = 40;
/** Statuses that receive drops (a past-due member still reads during the grace period). */
const NOTIFIED_STATUSES = ["active", "trialing", "past_due"] as const;

interface DropJobBase {
  communityId: string;
  dropIds: string[];
  /** Keyset cursor: the last member email already handled (null: from the start). */
  after: string | null;
  /** The cron run's time, in ms: every page of one run judges "due" at the same moment. */
  at: number;
}
/** Cuts the community's members into pages (by email) and queues a page job for each. */
export type DropFanoutJob = DropJobBase & { kind: "drop-fanout" };
/** Emails the members with `after` < email <= `until`. */
export type DropNotifyJob = DropJobBase & { kind: "drop-notify"; until: string };
export type DropJob = DropFanoutJob | DropNotifyJob;

export async function publishDueDrops(deps: Pick<Deps, "db" | "now">): Promise<number> {
  const now = deps.now();
  const claimed = await deps.db
    .update(drops)
    .set({ status: "published", publishedAt: sql`coalesce(${drops.publishedAt}, ${now.getTime()})`, updatedAt: now })
    .where(and(eq(drops.status, "scheduled"), lte(drops.publishAt, now)))
    .returning({ id: drops.id });
  return claimed.length;
}

/**
 * Published drops that may have opened for someone within the window: a tier's release time
 * (publish time + its offset) inside it, or a drip (which opens per member, any time). Found on
 * drops_due_idx, at most MAX_DROPS_PER_RUN, newest first.
 */
export async function enqueueDropNotifications(deps: Pick<Deps, "db" | "now">, enqueue: Enqueue<DropJob>): Promise<number> {
  const now = deps.now();
  const windowStart = now.getTime() - NOTIFY_WINDOW_DAYS * DAY_MS;
  const oldest = new Date(windowStart - MAX_OFFSET_HOURS * HOUR_MS);
  const { db } = deps;
  const ids = db
    .select({ id: drops.id })
    .from(drops)
    .where(and(eq(drops.status, "published"), lte(drops.publishAt, now), or(gt(drops.publishAt, oldest), isNotNull(drops.dripDays))))
    .orderBy(desc(drops.publishAt))
    .limit(MAX_DROPS_PER_RUN);
  const [due, targets] = await db.batch([
    db.select({ id: drops.id, communityId: drops.communityId, publishAt: drops.publishAt, dripDays: drops.dripDays }).from(drops).where(inArray(drops.id, ids)),
    targetsQuery(db, ids),
  ]);
  const byDrop = groupTargets(targets);
  const opensInWindow = (d: (typeof due)[number]) =>
    d.dripDays != null || (byDrop.get(d.id) ?? []).some((t) => d.publishAt!.getTime() + t.offsetHours * HOUR_MS >= windowStart);
  const byCommunity = new Map<string, string[]>();
  for (const d of due.filter(opensInWindow)) byCommunity.set(d.communityId, [...(byCommunity.get(d.communityId) ?? []), d.id]);
  const jobs = [...byCommunity].flatMap(([communityId, dropIds]) =>
    chunk(dropIds, DROPS_PER_JOB).map((slice): DropJob => ({ kind: "drop-fanout", communityId, dropIds: slice, after: null, at: now.getTime() })),
  );
  await enqueue(jobs);
  return jobs.length;
}

interface MemberRow {
  email: string;
  tierId: string;
  rank: number;
  joinedAt: Date | null;
}

/** The community's notified members after a cursor (and up to a bound), by email: on memberships_community_email_idx. */
function membersBetween(communityId: string, after: string | null, until: string | null) {
  return and(
    eq(memberships.communityId, communityId),
    inArray(memberships.status, [...NOTIFIED_STATUSES]),
    after ? gt(memberships.email, after) : undefined,
    until ? lte(memberships.email, until) : undefined,
  );
}

/**
 * A fan-out job reads the next member emails (from the index alone), queues one page job per
 * MEMBERS_PER_PAGE of them, and queues itself again after the last one if there may be more.
 * Pages run in parallel; the fan-out never touches more than PAGES_PER_FANOUT pages' worth.
 */
export async function runDropFanoutJob(deps: Pick<Deps, "db">, job: DropFanoutJob, enqueue: Enqueue<DropJob>): Promise<number> {
  const limit = PAGES_PER_FANOUT * MEMBERS_PER_PAGE;
  const rows = await deps.db.select({ email: memberships.email }).from(memberships).where(membersBetween(job.communityId, job.after, null)).orderBy(asc(memberships.email)).limit(limit);
  const emails = rows.map((r) => r.email);
  const pages = chunk(emails, MEMBERS_PER_PAGE).map(
    (slice, k, all): DropJob => ({ ...job, kind: "drop-notify", after: k === 0 ? job.after : all[k - 1]!.at(-1)!, until: slice.at(-1)! }),
  );
  const next: DropJob[] = emails.length === limit ? [{ ...job, after: emails.at(-1)! }] : [];
  await enqueue([...pages, ...next]);
  return pages.length;
}

/** One page of members (a page job's range, capped: people may join inside it meanwhile). */
function memberPage(deps: Pick<Deps, "db">, job: DropNotifyJob) {
  const { db } = deps;
  const where = membersBetween(job.communityId, job.after, job.until);
  return {
    emails: db.select({ email: memberships.email }).from(memberships).where(where).orderBy(asc(memberships.email)).limit(MEMBERS_PER_PAGE),
    rows: db
      .select({ email: memberships.email, tierId: memberships.tierId, rank: tiers.rank, joinedAt: memberships.joinedAt })
      .from(memberships)
      .innerJoin(tiers, eq(tiers.id, memberships.tierId))
      .where(where)
      .orderBy(asc(memberships.email))
      .limit(MEMBERS_PER_PAGE),
  };
}

/** Everything one page needs, in one round trip. */
async function loadPage(deps: Pick<Deps, "db">, job: DropNotifyJob) {
  const { db } = deps;
  const page = memberPage(deps, job);
  return db.batch([
    db.select().from(drops).where(and(eq(drops.communityId, job.communityId), eq(drops.status, "published"), inArray(drops.id, job.dropIds))),
    targetsQuery(db, job.dropIds),
    db.select().from(communities).where(eq(communities.id, job.communityId)),
    page.rows,
    db.select({ dropId: dropNotifications.dropId, email: dropNotifications.email }).from(dropNotifications).where(and(inArray(dropNotifications.dropId, job.dropIds), inArray(dropNotifications.email, page.emails))),
    db.select().from(notificationPrefs).where(and(eq(notificationPrefs.communityId, job.communityId), inArray(notificationPrefs.email, page.emails))),
  ]);
}

/** When a drop counts as newly opened for a reader: its unlock time (staff: its publish time). */
function openedAt(drop: Drop, targets: Target[], reader: Reader): Date | null {
  return reader.kind === "staff" ? drop.publishAt : unlockTimeFor(drop, targets, reader);
}

/** Of the drops not yet notified, those that opened for the reader within the window, after they joined. */
function newlyOpen(unsent: Drop[], byDrop: Map<string, Target[]>, reader: Reader, joinedAt: Date | null, now: Date): Drop[] {
  const from = Math.max(now.getTime() - NOTIFY_WINDOW_DAYS * DAY_MS, joinedAt?.getTime() ?? 0);
  return unsent.filter((d) => {
    const at = openedAt(d, byDrop.get(d.id) ?? [], reader)?.getTime();
    return at != null && at >= from && at <= now.getTime();
  });
}

interface Planned {
  email: string;
  due: Drop[];
  pref: NotificationPref | undefined;
}

/**
 * A page job: one page of members. What is left of the page (past the email budget, or people
 * who joined inside its range) is queued before anything is sent, so a retry of this job never
 * holds up the rest. Returns how many emails this run sent.
 */
export async function runDropNotifyJob(deps: Deps, job: DropNotifyJob, enqueue: Enqueue<DropJob>): Promise<number> {
  const now = new Date(job.at);
  const [dropRows, targetRows, [community], members, notified, prefRows] = await loadPage(deps, job);
  if (!community || !dropRows.length || !members.length) return 0;
  const byDrop = groupTargets(targetRows);
  const sent = new Set(notified.map((n) => `${n.dropId}|${n.email}`));
  const prefs = new Map(prefRows.map((p) => [p.email, p]));
  const unsent = (m: MemberRow) => dropRows.filter((d) => !sent.has(`${d.id}|${m.email}`));
  const candidates = (members as MemberRow[]).filter((m) => {
    if (prefs.get(m.email)?.mode === "off") return false;
    // Any level here: the level gate is decided with the rest of the access below.
    const preliminary: Reader = { kind: "member", tierId: m.tierId, tierRank: m.rank, joinedAt: m.joinedAt, level: Number.POSITIVE_INFINITY };
    return newlyOpen(unsent(m), byDrop, preliminary, m.joinedAt, now).length > 0;
  });
  // The gate has the last word, right before anything is sent: one batched accessFor for the page.
  const accessOf = candidates.length ? await accessForMany(deps, community, memberPage(deps, job).emails, now) : null;
  const plan: Planned[] = [];
  let budget = EMAILS_PER_JOB;
  let last = members[members.length - 1]!.email;
  let more = members.length === MEMBERS_PER_PAGE && last < job.until;
  for (const m of candidates) {
    const reader = readerOf(accessOf!(m.email));
    if (!reader) continue;
    const due = newlyOpen(unsent(m), byDrop, reader, m.joinedAt, now);
    if (!due.length) continue;
    const pref = prefs.get(m.email);
    const cost = pref?.mode === "weekly" ? 1 : due.length;
    if (plan.length && cost > budget) {
      // Out of budget: the rest of this page (from this member on) goes to the next job.
      last = members[members.findIndex((x) => x.email === m.email) - 1]!.email;
      more = true;
      break;
    }
    budget -= cost;
    plan.push({ email: m.email, due, pref });
  }
  if (more) await enqueue([{ ...job, after: last }]);
  return plan.length ? sendPlanned(deps, community, plan, now) : 0;
}

/** Claims every (drop, member) and digest week in two round trips, then emails only what this run claimed. */
async function sendPlanned(deps: Deps, community: Community, plan: Planned[], now: Date): Promise<number> {
  const { db } = deps;
  const tokens = await ensurePrefsFor(deps, community.id, plan.filter((p) => !p.pref).map((p) => p.email));
  const each = plan.filter((p) => p.pref?.mode !== "weekly");
  const weekly = plan.filter((p) => p.pref?.mode === "weekly");
  const weekAgo = new Date(now.getTime() - DIGEST_EVERY_DAYS * DAY_MS);
  const claimRows = (kind: "drop" | "digest", list: Planned[]) => list.flatMap((p) => p.due.map((d) => ({ dropId: d.id, email: p.email, kind, sentAt: now })));
  // Four columns a row: 20 rows stay under D1's 100 bound parameters.
  const claim = (kind: "drop" | "digest", list: Planned[]) =>
    chunk(claimRows(kind, list), 20).map((rows) => db.insert(dropNotifications).values(rows).onConflictDoNothing().returning({ dropId: dropNotifications.dropId, email: dropNotifications.email }));
  const weekClaims = weekly.map((p) =>
    db
      .update(notificationPrefs)
      .set({ lastDigestAt: now })
      .where(
        and(
          eq(notificationPrefs.communityId, community.id),
          eq(notificationPrefs.email, p.email),
          eq(notificationPrefs.mode, "weekly"),
          or(sql`${notificationPrefs.lastDigestAt} is null`, lte(notificationPrefs.lastDigestAt, weekAgo)),
        ),
      )
      .returning({ email: notificationPrefs.email }),
  );
  const first = (await batchAll(db, [...claim("drop", each), ...weekClaims])).flat() as { email: string; dropId?: string }[];
  const claimedWeek = new Set(first.filter((r) => !r.dropId).map((r) => r.email));
  const digestClaims = (await batchAll(db, claim("digest", weekly.filter((p) => claimedWeek.has(p.email))))).flat();
  const claimed = new Set([...first, ...digestClaims].filter((r) => r.dropId).map((r) => `${r.dropId}|${r.email}`));
  let emails = 0;
  for (const p of plan) {
    const token = (p.pref ?? tokens.get(p.email))!.unsubscribeToken;
    const carried = p.due.filter((d) => claimed.has(`${d.id}|${p.email}`));
    if (!carried.length) continue;
    if (p.pref?.mode === "weekly") {
      await deps.mailer.send(digestEmail(deps.config, community, p.email, carried, token));
      emails += 1;
    } else {
      for (const drop of carried) await deps.mailer.send(dropEmail(deps.config, community, p.email, drop, token));
      emails += carried.length;
    }
  }
  return emails;
}
