import { sql } from "drizzle-orm";
import { insightCohorts, insightMemberMonths, insightMembers, insightMonths, memberActivityDaily } from "../../drizzle";
import type { Db } from "../lib/db";
import { addDays, monthFirstDay, monthsBetween } from "./days";
import { layerSql, MONTH_COUNTERS, type Layer } from "./layers";
import { MEMBER_STATUSES } from "./ledger";
import type { MemberState } from "./movements";
import { inRange, type MemberRange } from "./ranges";
import { upsertDay } from "./rollup-money";

/** Activity rollups for one range of days: active members, each member's month and layer, cohorts. */

const MEMBER = new Set<string>(MEMBER_STATUSES);
const EMAIL = sql.raw("email");

/** DAU, WAU and MAU (distinct members active in the day, the 7 and the 30 days ending on it). */
export function activeCountStatements(communityId: string, days: string[]) {
  return days.map((day) =>
    sql`
      select
        (select count(*) from ${memberActivityDaily} where community_id = ${communityId} and day = ${day}) as dau,
        (select count(distinct email) from ${memberActivityDaily} where community_id = ${communityId} and day between ${addDays(day, -6)} and ${day}) as wau,
        (select count(distinct email) from ${memberActivityDaily} where community_id = ${communityId} and day between ${addDays(day, -29)} and ${day}) as mau`,
  );
}

export function activeDayStatement(db: Db, communityId: string, day: string, counts: { dau: number; wau: number; mau: number }) {
  return upsertDay(db, { communityId, day, tierId: "" }, counts);
}

/**
 * Recomputes the month rows (counters and layer) of everyone in the range active between `from`
 * and `to`, over the month's days up to `to`: the row is a function of the recorded days, so
 * re-running it writes the same thing.
 */
export function memberMonthStatement(communityId: string, month: string, from: string, to: string, range: MemberRange) {
  const cols = Object.keys(MONTH_COUNTERS);
  return sql`insert into ${insightMemberMonths} (community_id, month, email, ${sql.raw(cols.join(", "))}, layer)
    select ${communityId}, ${month}, c.email, ${sql.raw(cols.map((k) => `c.${k}`).join(", "))}, ${sql.raw(layerSql())} from (
      select email, ${sql.raw(Object.entries(MONTH_COUNTERS).map(([k, expr]) => `${expr} as ${k}`).join(", "))}
      from ${memberActivityDaily}
      where community_id = ${communityId} and day between ${monthFirstDay(month)} and ${to} and ${inRange(EMAIL, range)}
        and email in (select email from ${memberActivityDaily} where community_id = ${communityId} and day between ${from} and ${to} and ${inRange(EMAIL, range)})
      group by email
    ) c where true
    on conflict (community_id, month, email) do update set ${sql.raw(cols.map((k) => `${k} = excluded.${k}`).join(", "))}, layer = excluded.layer`;
}

/** Each member's last active day (only ever moves forward). */
export function lastActiveStatement(communityId: string, from: string, to: string, range: MemberRange) {
  return sql`insert into ${insightMembers} (community_id, email, last_active_day)
    select community_id, email, max(day) from ${memberActivityDaily}
    where community_id = ${communityId} and day between ${from} and ${to} and ${inRange(EMAIL, range)} group by email
    on conflict (community_id, email) do update set last_active_day = max(last_active_day, excluded.last_active_day)`;
}

/** Layers of one month in the range, read back after its member rows are written. */
export async function monthLayers(db: Db, communityId: string, month: string, range: MemberRange): Promise<Map<string, Layer>> {
  const rows = await db.all<{ email: string; layer: Layer }>(
    sql`select email, layer from ${insightMemberMonths} where community_id = ${communityId} and month = ${month} and ${inRange(EMAIL, range)}`,
  );
  return new Map(rows.map((r) => [r.email, r.layer]));
}

export interface MonthSummary {
  members: number;
  leaders: number;
  participants: number;
  readers: number;
  dormant: number;
  moves: Record<string, number>;
}
export type CohortCell = { size: number; members: number; active: number };

/**
 * The month's summary as of the states at its end (or at `to` for the current month): members
 * by layer (dormant: members with no activity), moves between layers since the month before,
 * and each join cohort's cell for this month (still members; and active this month). Every
 * figure is a count over members, so the summaries of disjoint member ranges add up.
 */
export function monthSummary(
  month: string,
  states: Map<string, MemberState>,
  layers: Map<string, Layer>,
  previous: Map<string, Layer>,
  joins: Map<string, string>,
): { summary: MonthSummary; cells: Record<string, CohortCell> } {
  const members = new Set([...states].filter(([, s]) => MEMBER.has(s.status)).map(([e]) => e));
  const count: Record<Layer, number> = { leader: 0, participant: 0, reader: 0, dormant: 0 };
  const moves: Record<string, number> = {};
  for (const email of members) {
    const now = layers.get(email) ?? "dormant";
    count[now] += 1;
    // Moves are counted for those who had joined before this month (newcomers have no "before").
    if ((joins.get(email) ?? month) < month) {
      const was = previous.get(email) ?? "dormant";
      const key = `${was}>${now}`;
      moves[key] = (moves[key] ?? 0) + 1;
    }
  }
  const cells: Record<string, CohortCell> = {};
  for (const [email, cohort] of joins) {
    if (cohort > month) continue;
    const cell = (cells[cohort] ??= { size: 0, members: 0, active: 0 });
    cell.size += 1;
    if (members.has(email)) cell.members += 1;
    if (layers.has(email)) cell.active += 1;
  }
  return { summary: { members: members.size, leaders: count.leader, participants: count.participant, readers: count.reader, dormant: count.dormant, moves }, cells };
}

/** The month's summary and cohort cells, as upserts. */
export function monthSummaryStatements(db: Db, communityId: string, month: string, summary: MonthSummary, cells: Record<string, CohortCell>) {
  return [
    db
      .insert(insightMonths)
      .values({ communityId, month, ...summary })
      .onConflictDoUpdate({ target: [insightMonths.communityId, insightMonths.month], set: summary }),
    ...Object.entries(cells).map(([cohort, c]) =>
      db
        .insert(insightCohorts)
        .values({ communityId, cohort, age: monthsBetween(cohort, month), ...c })
        .onConflictDoUpdate({ target: [insightCohorts.communityId, insightCohorts.cohort, insightCohorts.age], set: c }),
    ),
  ];
}
