import { sql } from "drizzle-orm";
import { applications, communityStaff, dropViews, drops, experimentDaily, experiments, insightContentDays, insightTopItems, insightVisits, memberships, posts, spaces } from "../../drizzle";
import type { Db } from "../lib/db";
import { dayEndMs, dayOf, dayStartMs, monthFirstDay, monthLastDay } from "./days";
import { upsertDay } from "./rollup-money";

/** Posts, drops, the application funnel and landing visitors for one range of days. */

export interface PostRow {
  day: string;
  hour: number;
  space_id: string;
  space_name: string;
  thread: number;
  staff: number;
  n: number;
}

/** Posts and replies written in the range (not deleted), per day, hour, space, kind and staff. Read per space by its index. */
export function postCountsQuery(db: Db, communityId: string, from: string, to: string) {
  return db.all<PostRow>(sql`
    select date(p.created_at / 1000, 'unixepoch') as day, cast(strftime('%H', p.created_at / 1000, 'unixepoch') as integer) as hour,
      p.space_id, s.name as space_name, p.parent_id is null as thread,
      exists (select 1 from ${communityStaff} st where st.community_id = ${communityId} and st.email = p.author_email) as staff, count(*) as n
    from ${spaces} s join ${posts} p on p.space_id = s.id
    where s.community_id = ${communityId} and p.created_at >= ${dayStartMs(from)} and p.created_at < ${dayEndMs(to)} and p.deleted_at is null
    group by 1, 2, 3, 4, 5, 6`);
}

/** Drops published in the range, per day and topic ("untagged" when none). */
export function dropTopicsQuery(db: Db, communityId: string, from: string, to: string) {
  return db.all<{ day: string; topic: string; n: number }>(sql`
    select date(d.publish_at / 1000, 'unixepoch') as day, coalesce(t.value, 'untagged') as topic, count(*) as n
    from ${drops} d left join json_each(d.topics) t
    where d.community_id = ${communityId} and d.status = 'published' and d.publish_at >= ${dayStartMs(from)} and d.publish_at < ${dayEndMs(to)}
    group by 1, 2`);
}

/** Drops published in the range, per day (a drop with several topics counts once). */
export function dropCountsQuery(db: Db, communityId: string, from: string, to: string) {
  return db.all<{ day: string; n: number }>(sql`
    select date(publish_at / 1000, 'unixepoch') as day, count(*) as n from ${drops}
    where community_id = ${communityId} and status = 'published' and publish_at >= ${dayStartMs(from)} and publish_at < ${dayEndMs(to)}
    group by 1`);
}

/** The day's post and drop figures on the all-tiers row, and its content-mix rows. */
export function postDayStatements(
  db: Db,
  communityId: string,
  days: string[],
  rows: PostRow[],
  topics: { day: string; topic: string; n: number }[],
  dropCounts: { day: string; n: number }[],
) {
  const out = [];
  for (const day of days) {
    const mine = rows.filter((r) => r.day === day);
    const hours = Array.from({ length: 24 }, () => 0);
    for (const r of mine) hours[r.hour] = (hours[r.hour] ?? 0) + r.n;
    const sum = (f: (r: PostRow) => boolean) => mine.filter(f).reduce((a, r) => a + r.n, 0);
    const published = dropCounts.find((d) => d.day === day)?.n ?? 0;
    out.push(upsertDay(db, { communityId, day, tierId: "" }, { threads: sum((r) => !!r.thread), replies: sum((r) => !r.thread), staffPosts: sum((r) => !!r.staff), hours, drops: published }));
    const bySpace = new Map<string, { label: string; n: number }>();
    for (const r of mine) bySpace.set(r.space_id, { label: r.space_name, n: (bySpace.get(r.space_id)?.n ?? 0) + r.n });
    const mix = [...[...bySpace].map(([key, v]) => ({ kind: "space", key, label: v.label, count: v.n })), ...topics.filter((t) => t.day === day).map((t) => ({ kind: "topic", key: t.topic, label: t.topic, count: t.n }))];
    for (const m of mix) {
      out.push(
        db
          .insert(insightContentDays)
          .values({ communityId, day, ...m })
          .onConflictDoUpdate({ target: [insightContentDays.communityId, insightContentDays.day, insightContentDays.kind, insightContentDays.key], set: { label: m.label, count: m.count } }),
      );
    }
  }
  return out;
}

const TOP_PER_MONTH = 5;

/** The month's most read drops and most answered threads, replacing the month's list. */
export function topItemStatements(communityId: string, month: string) {
  const start = dayStartMs(monthFirstDay(month));
  const end = dayEndMs(monthLastDay(month));
  return [
    sql`delete from ${insightTopItems} where community_id = ${communityId} and month = ${month}`,
    sql`insert into ${insightTopItems} (community_id, month, kind, ref_id, title, readers, replies, reactions)
      select ${communityId}, ${month}, 'drop', d.id, d.title, (select count(*) from ${dropViews} v where v.drop_id = d.id), 0, 0
      from ${drops} d where d.community_id = ${communityId} and d.status = 'published' and d.publish_at >= ${start} and d.publish_at < ${end}
      order by 6 desc limit ${TOP_PER_MONTH}`,
    sql`insert into ${insightTopItems} (community_id, month, kind, ref_id, title, readers, replies, reactions)
      select ${communityId}, ${month}, 'thread', p.id, coalesce(p.title, ''), 0, p.reply_count, p.reaction_count
      from ${posts} p where p.community_id = ${communityId} and p.parent_id is null and p.status = 'visible'
        and p.created_at >= ${start} and p.created_at < ${end} and p.deleted_at is null
      order by p.reply_count desc, p.reaction_count desc limit ${TOP_PER_MONTH}`,
  ];
}

/**
 * The funnel of each day in the window, counted in SQL by the day each application was made (so
 * what comes back is a row per day, not per application): paid fees, decisions made by the end
 * of `to`, joins, members still there 30 and 90 days after joining, and each decision's delay.
 */
export function funnelQuery(db: Db, communityId: string, from: string, to: string) {
  const asOf = dayEndMs(to);
  const stays = (days: number) => sql.raw(`joined is not null and joined + ${days * 86_400_000} <= ${asOf} and (ended is null or ended > joined + ${days * 86_400_000})`);
  return db.all<FunnelDay>(sql`
    select day, count(*) as applications, sum(paid) as fees_paid, sum(decided and status = 'approved') as approved, sum(decided and status = 'rejected') as rejected,
      sum(joined is not null) as apps_joined, sum(${stays(RETAINED[0])}) as retained_30, sum(${stays(RETAINED[1])}) as retained_90,
      group_concat(case when decided then decided_at - created end) as delays,
      sum(case when payment_status in ('paid', 'captured', 'refunded') then fee else 0 end) as fee_revenue,
      sum(case when payment_status = 'refunded' then fee else 0 end) as fee_refunds
    from (
      select date(a.created_at / 1000, 'unixepoch') as day, a.status, a.payment_status, a.fee_amount as fee, a.decided_at, a.created_at as created,
        a.status in ('approved', 'rejected') and a.decided_at is not null and a.decided_at < ${asOf} as decided,
        a.payment_status not in ('unpaid', 'checkout_expired') as paid, m.joined_at as joined, m.ended_at as ended
      from ${applications} a left join ${memberships} m on m.id = (
        select id from ${memberships} x where x.community_id = a.community_id and x.email = a.email and x.joined_at >= a.created_at and x.joined_at < ${asOf}
        order by x.joined_at limit 1)
      where a.community_id = ${communityId} and a.created_at >= ${dayStartMs(from)} and a.created_at < ${asOf}
    ) group by day`);
}

interface FunnelDay {
  day: string;
  applications: number;
  fees_paid: number;
  approved: number;
  rejected: number;
  apps_joined: number;
  retained_30: number;
  retained_90: number;
  /** Milliseconds from application to decision, comma-separated, one per decided application. */
  delays: string | null;
  fee_revenue: number;
  fee_refunds: number;
}

const RETAINED = [30, 90] as const;

/** The funnel columns of each day of the window that had applications (a day's counts never fall back to zero, so nothing else changes). */
export function funnelStatements(db: Db, communityId: string, rows: FunnelDay[]) {
  return rows.map((r) =>
    upsertDay(db, { communityId, day: r.day, tierId: "" }, {
      applications: r.applications,
      feesPaid: r.fees_paid,
      approved: r.approved,
      rejected: r.rejected,
      appsJoined: r.apps_joined,
      retained30: r.retained_30,
      retained90: r.retained_90,
      decisionHours: (r.delays ? r.delays.split(",").map(Number) : []).map((ms) => Math.round((ms / 3_600_000) * 10) / 10).sort((a, b) => a - b),
      feeRevenue: r.fee_revenue,
      feeRefunds: r.fee_refunds,
    }),
  );
}

/**
 * Landing-page visitors per day: the visits the landing page counts (insight_visits); for a day
 * before it counted them, the exposures of a running fee price test, as before.
 */
export function visitorsQuery(db: Db, communityId: string, from: string, to: string) {
  return db.all<{ day: string; n: number }>(sql`
    select day, visitors as n from ${insightVisits} where community_id = ${communityId} and day between ${from} and ${to}
    union all select d.day, sum(d.exposures) from ${experiments} e join ${experimentDaily} d on d.experiment_id = e.id
      where e.community_id = ${communityId} and e.target = 'application_fee' and d.day between ${from} and ${to}
        and not exists (select 1 from ${insightVisits} x where x.community_id = ${communityId} and x.day = d.day)
      group by d.day`);
}

export { dayOf };
