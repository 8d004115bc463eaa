import { sql } from "drizzle-orm";
import { applications, communityStaff, dropViews, drops, experimentDaily, experiments, insightContentDays, insightTopItems, memberships, posts, spaces } from "../../drizzle";
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

/** The day's post figures on the all-tiers row, and its content-mix rows. */
export function postDayStatements(db: Db, communityId: string, days: string[], rows: PostRow[], topics: { day: string; topic: string; n: number }[]) {
  const out = [];
  for (const day of days) {
    const mine = rows.filter((r) => r.day === day);
    const hours = Array.from({ length: 24 }, () => 0);
    for (const r of mine) hours[r.hour] = (hours[r.hour] ?? 0) + r.n;
    const sum = (f: (r: PostRow) => boolean) => mine.filter(f).reduce((a, r) => a + r.n, 0);
    out.push(upsertDay(db, { communityId, day, tierId: "" }, { threads: sum((r) => !!r.thread), replies: sum((r) => !r.thread), staffPosts: sum((r) => !!r.staff), hours }));
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

/** Applications created in the window: the funnel is counted by the day each application was made. */
export function funnelQuery(db: Db, communityId: string, from: string, to: string) {
  const end = dayEndMs(to);
  return db.all<{ day: string; paid: number; status: string; payment_status: string; fee: number; decided: number | null; created: number; joined: number | null; ended: number | null }>(sql`
    select date(a.created_at / 1000, 'unixepoch') as day, a.status, a.payment_status, a.fee_amount as fee, a.decided_at as decided, a.created_at as created,
      a.payment_status not in ('unpaid', 'checkout_expired') as paid, m.joined_at as joined, m.ended_at as ended
    from ${applications} a left join ${memberships} m on m.id = (
      select id from ${memberships} x where x.community_id = a.community_id and x.email = a.email and x.joined_at >= a.created_at and x.joined_at < ${end}
      order by x.joined_at limit 1)
    where a.community_id = ${communityId} and a.created_at >= ${dayStartMs(from)} and a.created_at < ${end}`);
}

const RETAINED = [30, 90] as const;

/** The funnel columns of each day of the window, from the applications created on it. */
export function funnelStatements(db: Db, communityId: string, to: string, rows: Awaited<ReturnType<typeof funnelQuery>>) {
  const asOf = dayEndMs(to);
  const stays = (r: (typeof rows)[number], days: number) => {
    if (r.joined === null) return false;
    const mark = r.joined + days * 86_400_000;
    return mark <= asOf && (r.ended === null || r.ended > mark);
  };
  const out = [];
  // Only days with applications: a day's counts never fall back to zero, so nothing else changes.
  for (const day of [...new Set(rows.map((r) => r.day))]) {
    const mine = rows.filter((r) => r.day === day);
    const decided = mine.filter((r) => (r.status === "approved" || r.status === "rejected") && r.decided !== null && r.decided < asOf);
    out.push(
      upsertDay(db, { communityId, day, tierId: "" }, {
        applications: mine.length,
        feesPaid: mine.filter((r) => r.paid).length,
        approved: decided.filter((r) => r.status === "approved").length,
        rejected: decided.filter((r) => r.status === "rejected").length,
        appsJoined: mine.filter((r) => r.joined !== null).length,
        retained30: mine.filter((r) => stays(r, RETAINED[0])).length,
        retained90: mine.filter((r) => stays(r, RETAINED[1])).length,
        decisionHours: decided.map((r) => Math.round(((r.decided! - r.created) / 3_600_000) * 10) / 10).sort((a, b) => a - b),
        feeRevenue: mine.filter((r) => ["paid", "captured", "refunded"].includes(r.payment_status)).reduce((a, r) => a + r.fee, 0),
        feeRefunds: mine.filter((r) => r.payment_status === "refunded").reduce((a, r) => a + r.fee, 0),
      }),
    );
  }
  return out;
}

/** Landing-page visitors where a fee price test counts them (its exposures), per day. */
export function visitorsQuery(db: Db, communityId: string, from: string, to: string) {
  return db.all<{ day: string; n: number }>(sql`
    select d.day, sum(d.exposures) as n from ${experiments} e join ${experimentDaily} d on d.experiment_id = e.id
    where e.community_id = ${communityId} and e.target = 'application_fee' and d.day between ${from} and ${to} group by d.day`);
}

export { dayOf };
