import { sql } from "drizzle-orm";
import { insightDays } from "../../drizzle";
import type { Db } from "../lib/db";
import { runBatch, type Statement } from "./batch";
import { addDays, addMonths, byMonth, dayEndMs, dayRange, dayStartMs } from "./days";
import { type Layer } from "./layers";
import { ALL_TIERS, replayDays } from "./movements";
import { activeCountStatements, lastActiveStatement, memberMonthStatement, monthLayers, monthSummaryStatements } from "./rollup-activity";
import { dropTopicsQuery, funnelQuery, funnelStatements, postCountsQuery, postDayStatements, topItemStatements, visitorsQuery } from "./rollup-content";
import { entriesBetween, firstJoins, moneyDayStatement, statesAt, upsertDay } from "./rollup-money";

/**
 * Rolls up the days `from`..`to` (UTC, both included) of one community from what the app
 * recorded. Every figure is recomputed from its source rows, never added to the old value, so
 * rolling a day again (a redelivered message, an overlapping run, a re-roll for late data) writes
 * the same rows. Months are handled in order, so a month's layer moves compare with the month
 * before it. The cost follows the range and the community's activity in it; the page never
 * pays it.
 */

/**
 * The funnel's window: applications this many days back are counted again, because decisions,
 * joins and 90-day retention land weeks after the application.
 */
export const FUNNEL_WINDOW_DAYS = 150;

export async function rollUpRange(db: Db, communityId: string, from: string, to: string): Promise<void> {
  const days = dayRange(from, to);
  const funnelFrom = [from, addDays(to, -FUNNEL_WINDOW_DAYS)].sort()[0]!;
  const [states, entries, joins, postRows, topics, funnelRows, visitors] = await Promise.all([
    statesAt(db, communityId, dayStartMs(from)),
    entriesBetween(db, communityId, from, to),
    firstJoins(db, communityId, dayEndMs(to)),
    postCountsQuery(db, communityId, from, to),
    dropTopicsQuery(db, communityId, from, to),
    funnelQuery(db, communityId, funnelFrom, to),
    visitorsQuery(db, communityId, from, to),
  ]);
  const counts = (await runBatch<{ dau: number; wau: number; mau: number }>(db, activeCountStatements(communityId, days))).map((r) => r[0] ?? { dau: 0, wau: 0, mau: 0 });

  const segments = byMonth(days);
  // Member months first: the month summaries below read their layers back.
  await runBatch(db, [...segments.map((s) => memberMonthStatement(communityId, s.month, s.days[0]!, s.days[s.days.length - 1]!)), lastActiveStatement(communityId, from, to)]);

  const writes: Statement[] = [];
  let previous: Map<string, Layer> = await monthLayers(db, communityId, addMonths(segments[0]!.month, -1));
  for (const seg of segments) {
    const first = dayStartMs(seg.days[0]!);
    const last = dayEndMs(seg.days[seg.days.length - 1]!);
    const money = replayDays(
      states,
      entries.filter((e) => e.at >= first && e.at < last),
      seg.days,
    );
    for (const [day, tiers] of money) for (const [tierId, m] of tiers) writes.push(moneyDayStatement(db, communityId, day, tierId, m));
    const layers = await monthLayers(db, communityId, seg.month);
    writes.push(...monthSummaryStatements(db, communityId, seg.month, states, layers, previous, joins).statements);
    writes.push(...topItemStatements(communityId, seg.month));
    previous = layers;
  }
  days.forEach((day, i) => {
    writes.push(upsertDay(db, { communityId, day, tierId: ALL_TIERS }, { ...counts[i]!, visitors: visitors.find((v) => v.day === day)?.n ?? 0 }));
  });
  writes.push(...postDayStatements(db, communityId, days, postRows, topics));
  writes.push(...funnelStatements(db, communityId, to, funnelRows));
  await runBatch(db, writes);
}

/** The first day worth rolling up: the earliest of the community's creation and anything it recorded. */
export async function historyStart(db: Db, communityId: string): Promise<string> {
  const [row] = await db.all<{ first: number }>(sql`select min(t) as first from (
    select created_at as t from communities where id = ${communityId}
    union all select min(created_at) from applications where community_id = ${communityId}
    union all select min(at) from membership_ledger where community_id = ${communityId}
    union all select cast(strftime('%s', min(day)) as integer) * 1000 from member_activity_daily where community_id = ${communityId}
  ) where t is not null`);
  return new Date(row?.first ?? Date.now()).toISOString().slice(0, 10);
}

/** How many insight_days rows a community has (tests and the page's "not rolled up yet" notice). */
export async function rolledDays(db: Db, communityId: string): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`select count(*) as n from ${insightDays} where community_id = ${communityId} and tier_id = ''`);
  return row?.n ?? 0;
}
