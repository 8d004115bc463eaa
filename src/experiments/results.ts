import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import { communities, experimentConversions, experimentDaily, experiments, tiers, experimentSnapshots, experimentVariants, type Experiment, type ExperimentVariant } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { formatMoney } from "../ui/format";
import type { DailyPoint, ExperimentResults, VariantResults } from "./results-types";
import { analyze, BANDIT_RULE, decide, DEFAULT_DRAWS, DEFAULT_RULE, srmCheck, type VariantData, type WeightPeriod } from "./stats";

type DailyRow = typeof experimentDaily.$inferSelect;
type SnapshotRow = typeof experimentSnapshots.$inferSelect;
/** How many payments of one amount a variant received (first payments; several amounts = a mix). */
export interface AmountRow {
  variantId: string;
  amount: number;
  count: number;
}
/** Tier tests: money kept within 30 days of each first payment, for payers at least 30 days old. */
export interface RealisedRow {
  variantId: string;
  payers: number;
  revenue: number;
}

const DAY_MS = 86_400_000;
/** The traffic estimate behind "about N more days" looks at the last week, not the whole test. */
const RECENT_DAYS = 7;
/** Tier tests report the money each payer brought in their first 30 days. */
const REALISED_DAYS = 30;

/**
 * Everything known about an experiment now, from its pre-aggregated counters: one round trip
 * reads the experiment, its variants, its daily rows and its snapshots, so the cost is
 * O(variants + days) whatever the number of visitors. The Monte Carlo is seeded from the
 * experiment id and the counters, so the same data always gives the same numbers.
 */
export async function experimentResults(deps: Pick<Deps, "db" | "now">, communityId: string, experimentId: string, now: Date = deps.now()): Promise<ExperimentResults> {
  const { db } = deps;
  const conversionsOf = and(eq(experimentConversions.experimentId, experimentId), gt(experimentConversions.amount, 0));
  const [found, variants, daily, snapshots, community, tier, amounts] = await db.batch([
    db.select().from(experiments).where(and(eq(experiments.id, experimentId), eq(experiments.communityId, communityId))).limit(1),
    db.select().from(experimentVariants).where(eq(experimentVariants.experimentId, experimentId)).orderBy(asc(experimentVariants.position)),
    db.select().from(experimentDaily).where(eq(experimentDaily.experimentId, experimentId)).orderBy(asc(experimentDaily.day)),
    db.select().from(experimentSnapshots).where(eq(experimentSnapshots.experimentId, experimentId)).orderBy(asc(experimentSnapshots.day)),
    db.select({ currency: communities.currency }).from(communities).where(eq(communities.id, communityId)),
    db.select({ currency: tiers.currency }).from(tiers).where(inArray(tiers.id, db.select({ id: experiments.tierId }).from(experiments).where(eq(experiments.id, experimentId)))),
    db
      .select({ variantId: experimentConversions.variantId, amount: experimentConversions.amount, count: sql<number>`count(*)` })
      .from(experimentConversions)
      .where(conversionsOf)
      .groupBy(experimentConversions.variantId, experimentConversions.amount),
  ]);
  const experiment = found[0];
  if (!experiment) throw AppError.notFound("Experiment");
  const currency = (experiment.target === "tier_price" ? tier[0]?.currency : community[0]?.currency) ?? "usd";
  const extras = { amounts, realised: experiment.target === "tier_price" ? await realisedRevenue(deps, experimentId, now) : null };
  return resultsFrom(experiment, variants, daily, snapshots, now, currency, extras);
}

/**
 * Tier tests: for each payer whose first payment is at least 30 days old, the money recorded from
 * them within 30 days of it (payments less refunds), summed per variant. Aggregated in SQLite.
 */
async function realisedRevenue(deps: Pick<Deps, "db">, experimentId: string, now: Date): Promise<RealisedRow[]> {
  const matured = +now - REALISED_DAYS * DAY_MS;
  return deps.db.all<RealisedRow>(sql`
      select f.variant_id as variantId, count(distinct f.visitor_id) as payers, coalesce(sum(c.amount), 0) as revenue
      from (select variant_id, visitor_id, min(created_at) as first_at from ${experimentConversions}
            where experiment_id = ${experimentId} and amount > 0 group by variant_id, visitor_id) f
      join ${experimentConversions} c on c.experiment_id = ${experimentId} and c.variant_id = f.variant_id and c.visitor_id = f.visitor_id
        and c.created_at < f.first_at + ${REALISED_DAYS * DAY_MS}
      where f.first_at <= ${matured}
      group by f.variant_id`);
}

/** The pure part of `experimentResults`, for callers that already hold the rows. */
export function resultsFrom(
  experiment: Experiment,
  variants: ExperimentVariant[],
  daily: DailyRow[],
  snapshots: SnapshotRow[],
  now: Date,
  currency = "usd",
  extras: { amounts?: AmountRow[]; realised?: RealisedRow[] | null } = {},
): ExperimentResults {
  if (variants.length === 0) throw new Error(`experiment ${experiment.id} has no variants`);
  const controlIndex = Math.max(0, variants.findIndex((v) => v.isControl));
  const analysis = analyze({ seed: experiment.id, draws: DEFAULT_DRAWS, controlIndex, variants: variants.map((v) => analysisInput(v, extras.amounts ?? [])) });

  const days = groupByDay(daily);
  const periods = weightPeriods(variants, days);
  const observed = variants.map((v) => v.exposures);
  const srm = periods.length ? srmCheck(observed, { periods }) : srmCheck(observed, variants.map((v) => v.weight));
  const expected = expectedExposures(variants, periods);

  // A stopped test is judged as it stood when it stopped; a draft has not started its clock.
  const end = experiment.stoppedAt ?? now;
  const startedAt = experiment.startedAt ?? end;
  const decision = decide({
    analysis,
    startedAt,
    now: end,
    maxDurationDays: experiment.maxDurationDays,
    ...(experiment.mode === "bandit" ? BANDIT_RULE : DEFAULT_RULE),
    srmFlagged: srm.flagged,
    dailyExposures: recentDailyExposures(days, startedAt, end),
    formatAmount: (minor) => formatMoney(minor, currency),
  });

  const results: VariantResults[] = variants.map((variant, i) => {
    const a = analysis.variants[i];
    return {
      variant,
      exposures: variant.exposures,
      conversions: variant.conversions,
      revenue: variant.revenue,
      conversionRate: a.conversionRate,
      rpv: a.rpv,
      rpvMean: a.rpvMean,
      rpvInterval: a.rpvInterval,
      chanceToBeBest: a.chanceToBeBest,
      expectedLoss: a.expectedLoss,
      lift: a.lift,
      expectedExposures: expected[i],
      realised30: realisedOf(extras.realised, variant.id),
    };
  });
  return {
    experiment,
    variants: results,
    analysis,
    srm,
    decision,
    daily: cumulative(variants, days),
    chanceOverTime: snapshots.map((s) => ({ day: s.day, chanceToBeBest: s.chanceToBeBest })),
    daysRunning: Math.max(0, (+end - +startedAt) / DAY_MS),
    computedAt: now,
  };
}

/**
 * RPV_k = P_k · p_k with P_k the net amount a payer brought: revenue after refunds over
 * conversions, so a refunded fee stops counting as money. Before the first payment it is the
 * variant's price, so a variant without conversions yet still has a posterior above zero.
 */
function analysisInput(v: ExperimentVariant, amounts: AmountRow[]): VariantData {
  // A payer who reached Checkout without an exposure being logged (e.g. through the API) still
  // counts; the model needs at least as many exposed visitors as conversions.
  const exposures = Math.max(v.exposures, v.conversions);
  const price = v.conversions > 0 ? Math.max(0, v.revenue) / v.conversions : v.price;
  const own = amounts.filter((a) => a.variantId === v.id);
  const paid = own.reduce((s, a) => s + a.amount * a.count, 0);
  const count = own.reduce((s, a) => s + a.count, 0);
  // Several amounts (monthly and yearly, a coupon): the model weighs the mix instead of one
  // average price. Refunds scale every amount alike, so the mix still adds up to net revenue.
  if (own.length < 2 || count > exposures || !(paid > 0)) return { key: v.key, exposures, conversions: v.conversions, revenue: v.revenue, price };
  const net = Math.max(0, v.revenue) / paid;
  return { key: v.key, exposures, conversions: v.conversions, revenue: v.revenue, price, outcomes: own.map((a) => ({ value: a.amount * net, count: a.count })) };
}

function realisedOf(rows: RealisedRow[] | null | undefined, variantId: string): VariantResults["realised30"] {
  if (!rows) return null;
  const row = rows.find((r) => r.variantId === variantId);
  return { payers: Number(row?.payers ?? 0), revenue: Number(row?.revenue ?? 0) };
}

interface Day {
  day: string;
  rows: Map<string, DailyRow>;
}

function groupByDay(daily: DailyRow[]): Day[] {
  const out: Day[] = [];
  for (const row of daily) {
    let last = out[out.length - 1];
    if (!last || last.day !== row.day) out.push((last = { day: row.day, rows: new Map() }));
    last.rows.set(row.variantId, row);
  }
  return out;
}

/**
 * One SRM period per day, with the weights in force that day (the daily rows record them; the
 * bandit rewrites today's when it moves the weights). A variant without a row that day keeps
 * the weight it last had, or its current weight before its first row.
 */
function weightPeriods(variants: ExperimentVariant[], days: Day[]): WeightPeriod[] {
  const last = variants.map((v) => {
    const first = days.find((d) => d.rows.has(v.id));
    return first ? first.rows.get(v.id)!.weight : v.weight;
  });
  return days.map((d) => {
    const weights = variants.map((v, k) => (last[k] = d.rows.get(v.id)?.weight ?? last[k]));
    return { weights, exposures: variants.map((v) => d.rows.get(v.id)?.exposures ?? 0) };
  });
}

/** Exposures each variant should have had under the weights in force, scaled to the observed total. */
function expectedExposures(variants: ExperimentVariant[], periods: WeightPeriod[]): number[] {
  const total = variants.reduce((s, v) => s + v.exposures, 0);
  const shares = variants.map(() => 0);
  let periodTotal = 0;
  for (const p of periods) {
    const n = p.exposures.reduce((a, b) => a + b, 0);
    const sum = p.weights.reduce((a, b) => a + b, 0) || 1;
    p.weights.forEach((w, k) => (shares[k] += (n * w) / sum));
    periodTotal += n;
  }
  if (periodTotal > 0) return shares.map((s) => (total * s) / periodTotal);
  const sum = variants.reduce((s, v) => s + v.weight, 0) || 1;
  return variants.map((v) => (total * v.weight) / sum);
}

/** Exposures per day over the last week of the test, or undefined to let `decide` average. */
function recentDailyExposures(days: Day[], startedAt: Date, end: Date): number | undefined {
  const from = new Date(+end - RECENT_DAYS * DAY_MS).toISOString().slice(0, 10);
  let exposures = 0;
  for (const d of days) if (d.day > from) for (const row of d.rows.values()) exposures += row.exposures;
  const span = Math.min(RECENT_DAYS, (+end - +startedAt) / DAY_MS);
  return exposures > 0 && span >= 1 ? exposures / span : undefined;
}

function cumulative(variants: ExperimentVariant[], days: Day[]): DailyPoint[] {
  const exposures: Record<string, number> = {};
  const conversions: Record<string, number> = {};
  const revenue: Record<string, number> = {};
  for (const v of variants) exposures[v.id] = conversions[v.id] = revenue[v.id] = 0;
  return days.map((d) => {
    for (const v of variants) {
      const row = d.rows.get(v.id);
      if (!row) continue;
      exposures[v.id] += row.exposures;
      conversions[v.id] += row.conversions;
      revenue[v.id] += row.revenue;
    }
    return { day: d.day, exposures: { ...exposures }, conversions: { ...conversions }, revenue: { ...revenue } };
  });
}

export interface ExperimentSummary {
  experiment: Experiment;
  variants: ExperimentVariant[];
  exposures: number;
  conversions: number;
  revenue: number;
}

/**
 * A community's experiments with their variants' counters, newest first, for lists: one round
 * trip and no Monte Carlo (open one experiment for its analysis).
 */
export async function experimentSummaries(deps: Pick<Deps, "db">, communityId: string): Promise<ExperimentSummary[]> {
  const [list, rows] = await deps.db.batch([
    deps.db.select().from(experiments).where(eq(experiments.communityId, communityId)).orderBy(desc(experiments.createdAt)),
    deps.db
      .select({ variant: experimentVariants })
      .from(experimentVariants)
      .innerJoin(experiments, eq(experiments.id, experimentVariants.experimentId))
      .where(eq(experiments.communityId, communityId))
      .orderBy(asc(experimentVariants.position)),
  ]);
  const variants = rows.map((r) => r.variant);
  return list.map((experiment) => {
    const own = variants.filter((v) => v.experimentId === experiment.id);
    return {
      experiment,
      variants: own,
      exposures: own.reduce((s, v) => s + v.exposures, 0),
      conversions: own.reduce((s, v) => s + v.conversions, 0),
      revenue: own.reduce((s, v) => s + v.revenue, 0),
    };
  });
}
