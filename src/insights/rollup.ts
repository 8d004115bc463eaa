import { sql } from "drizzle-orm";
import { insightDays } from "../../drizzle";
import type { Db } from "../lib/db";
import { runBatch, type Statement } from "./batch";
import { addDays, byMonth, dayRange } from "./days";
import { nextRange, type MemberRange } from "./ranges";
import { activeCountStatements } from "./rollup-activity";
import { dropCountsQuery, dropTopicsQuery, funnelQuery, funnelStatements, postCountsQuery, postDayStatements, topItemStatements, visitorsQuery } from "./rollup-content";
import { addShares, chunkShareStatements, rollUpMembers, type Shares } from "./rollup-members";
import { invoiceDaysQuery, invoiceDayStatements, invoiceTotals, upsertDay } from "./rollup-money";

/**
 * Rolls up the days `from`..`to` (UTC, both included) of one community from what the app
 * recorded. Every figure is recomputed from its source rows, never added to the old value, so
 * rolling a day again (a redelivered message, an overlapping run, a re-roll for late data) writes
 * the same rows. The per-member part runs one member range at a time (rollup-members.ts), so one
 * step reads a bounded number of rows whatever the community's size; `finishChunk` then writes
 * the summed shares with the figures that count the community as a whole (active members,
 * posts, the funnel, visitors, top items), which it reads as aggregates.
 */

/**
 * The funnel's window: applications this many days back are counted again, because decisions,
 * joins and 90-day retention land weeks after the application.
 */
export const FUNNEL_WINDOW_DAYS = 150;

/** Every range of members, then the chunk's totals: one pass, for the demo seed and tests (the cron goes step by step). */
export async function rollUpRange(db: Db, communityId: string, from: string, to: string, membersPerRange?: number): Promise<void> {
  const shares: Shares[] = [];
  let range: MemberRange = await nextRange(db, communityId, "", membersPerRange);
  for (;;) {
    shares.push(await rollUpMembers(db, communityId, from, to, range));
    if (range.upto === null) break;
    range = await nextRange(db, communityId, range.upto, membersPerRange);
  }
  await runBatch(db, await finishChunk(db, communityId, from, to, addShares(shares)));
}

/** The chunk's writes: the members' summed shares, and the figures over the whole community. */
export async function finishChunk(db: Db, communityId: string, from: string, to: string, shares: Shares): Promise<Statement[]> {
  const days = dayRange(from, to);
  const funnelFrom = [from, addDays(to, -FUNNEL_WINDOW_DAYS)].sort()[0]!;
  const [postRows, topics, dropCounts, funnelRows, visitors, invoiceRows] = await Promise.all([
    postCountsQuery(db, communityId, from, to),
    dropTopicsQuery(db, communityId, from, to),
    dropCountsQuery(db, communityId, from, to),
    funnelQuery(db, communityId, funnelFrom, to),
    visitorsQuery(db, communityId, from, to),
    invoiceDaysQuery(db, communityId, from, to),
  ]);
  const counts = (await runBatch<{ dau: number; wau: number; mau: number }>(db, activeCountStatements(communityId, days))).map((r) => r[0] ?? { dau: 0, wau: 0, mau: 0 });
  const writes: Statement[] = chunkShareStatements(db, communityId, shares);
  for (const seg of byMonth(days)) writes.push(...topItemStatements(communityId, seg.month));
  days.forEach((day, i) => {
    writes.push(upsertDay(db, { communityId, day, tierId: "" }, { ...counts[i]!, visitors: visitors.find((v) => v.day === day)?.n ?? 0, ...invoiceTotals(invoiceRows, day) }));
  });
  writes.push(...postDayStatements(db, communityId, days, postRows, topics, dropCounts));
  writes.push(...funnelStatements(db, communityId, funnelRows));
  writes.push(...invoiceDayStatements(db, communityId, invoiceRows));
  return writes;
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
