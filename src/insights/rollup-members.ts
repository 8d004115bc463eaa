import { and, eq, sql } from "drizzle-orm";
import { insightPartials } from "../../drizzle";
import type { Db } from "../lib/db";
import { runBatch, type Statement } from "./batch";
import { addMonths, byMonth, dayEndMs, dayRange, dayStartMs } from "./days";
import type { Layer } from "./layers";
import { emptyMoneyDay, replayDays, type MoneyDay } from "./movements";
import type { MemberRange } from "./ranges";
import { lastActiveStatement, memberMonthStatement, monthLayers, monthSummary, monthSummaryStatements, type CohortCell, type MonthSummary } from "./rollup-activity";
import { entriesBetween, firstJoins, moneyDayStatement, statesAt } from "./rollup-money";

/**
 * The per-member part of a chunk's rollup, one member range at a time. Each range writes its
 * members' month rows and last active days, and returns its share of the figures that count
 * members: money per day and tier, layer counts and moves per month, cohort cells. Shares are
 * counts and sums over disjoint sets of members, so adding every range's share gives exactly the
 * figures of one pass over the whole community; `chunkShareStatements` writes the sum.
 */

export interface Shares {
  /** day -> tier ("" = all) -> money and membership figures. */
  money: Record<string, Record<string, MoneyDay>>;
  months: Record<string, { summary: MonthSummary; cells: Record<string, CohortCell> }>;
}

export async function rollUpMembers(db: Db, communityId: string, from: string, to: string, range: MemberRange): Promise<Shares> {
  const days = dayRange(from, to);
  const [states, entries, joins] = await Promise.all([
    statesAt(db, communityId, dayStartMs(from), range),
    entriesBetween(db, communityId, from, to, range),
    firstJoins(db, communityId, dayEndMs(to), range),
  ]);
  const segments = byMonth(days);
  // Member months first: the month summaries below read their layers back.
  await runBatch(db, [
    ...segments.map((s) => memberMonthStatement(communityId, s.month, s.days[0]!, s.days[s.days.length - 1]!, range)),
    lastActiveStatement(communityId, from, to, range),
  ]);
  const shares: Shares = { money: {}, months: {} };
  let previous: Map<string, Layer> = await monthLayers(db, communityId, addMonths(segments[0]!.month, -1), range);
  for (const seg of segments) {
    const first = dayStartMs(seg.days[0]!);
    const last = dayEndMs(seg.days[seg.days.length - 1]!);
    const money = replayDays(
      states,
      entries.filter((e) => e.at >= first && e.at < last),
      seg.days,
    );
    for (const [day, tiers] of money) shares.money[day] = Object.fromEntries(tiers);
    const layers = await monthLayers(db, communityId, seg.month, range);
    shares.months[seg.month] = monthSummary(seg.month, states, layers, previous, joins);
    previous = layers;
  }
  return shares;
}

const addInto = <T extends Record<string, number>>(into: T, more: T) => {
  for (const k of Object.keys(more) as (keyof T)[]) into[k] = ((into[k] ?? 0) + more[k]) as T[keyof T];
  return into;
};

/** The sum of several ranges' shares. */
export function addShares(all: Shares[]): Shares {
  const out: Shares = { money: {}, months: {} };
  for (const s of all) {
    for (const [day, tiers] of Object.entries(s.money)) {
      const d = (out.money[day] ??= {});
      for (const [tier, m] of Object.entries(tiers)) addInto((d[tier] ??= emptyMoneyDay()) as unknown as Record<string, number>, m as unknown as Record<string, number>);
    }
    for (const [month, { summary, cells }] of Object.entries(s.months)) {
      const o = (out.months[month] ??= { summary: { members: 0, leaders: 0, participants: 0, readers: 0, dormant: 0, moves: {} }, cells: {} });
      const { moves, ...counts } = summary;
      addInto(o.summary as unknown as Record<string, number>, counts as unknown as Record<string, number>);
      addInto(o.summary.moves, moves);
      for (const [cohort, c] of Object.entries(cells)) addInto((o.cells[cohort] ??= { size: 0, members: 0, active: 0 }), c);
    }
  }
  // Moves in a stable order, whatever the ranges were.
  for (const m of Object.values(out.months)) m.summary.moves = Object.fromEntries(Object.entries(m.summary.moves).sort(([a], [b]) => (a < b ? -1 : 1)));
  return out;
}

/** The summed shares as rows of insight_days (money columns), insight_months and insight_cohorts. */
export function chunkShareStatements(db: Db, communityId: string, shares: Shares): Statement[] {
  const out: Statement[] = [];
  for (const [day, tiers] of Object.entries(shares.money)) for (const [tierId, m] of Object.entries(tiers)) out.push(moneyDayStatement(db, communityId, day, tierId, m));
  for (const [month, { summary, cells }] of Object.entries(shares.months)) out.push(...monthSummaryStatements(db, communityId, month, summary, cells));
  return out;
}

export const chunkKey = (from: string, to: string) => `${from}..${to}`;

/** Keeps one range's share until the chunk's last range lands (an overwrite when a step runs again). */
export function saveShares(db: Db, communityId: string, from: string, to: string, after: string, shares: Shares) {
  return db
    .insert(insightPartials)
    .values({ communityId, chunk: chunkKey(from, to), after, shares })
    .onConflictDoUpdate({ target: [insightPartials.communityId, insightPartials.chunk, insightPartials.after], set: { shares } });
}

export async function savedShares(db: Db, communityId: string, from: string, to: string): Promise<Shares[]> {
  const rows = await db
    .select({ shares: insightPartials.shares })
    .from(insightPartials)
    .where(and(eq(insightPartials.communityId, communityId), eq(insightPartials.chunk, chunkKey(from, to))));
  return rows.map((r) => r.shares as Shares);
}

/** Drops every kept share of the community (the chunk's, and any left by an abandoned chunk). */
export const clearShares = (communityId: string) => sql`delete from ${insightPartials} where community_id = ${communityId}`;
