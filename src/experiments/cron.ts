import { and, eq, gte, sql } from "drizzle-orm";
import { communities, experimentDaily, experiments, experimentSnapshots, experimentVariants, type Experiment } from "../../drizzle";
import type { Deps } from "../env";
import { auditEntry } from "../memberships/audit";
import { utcDay } from "./assignment";
import { experimentResults } from "./results";
import type { ExperimentResults } from "./results-types";
import { promoteVariant, stopExperiment } from "./service";
import { banditReady, banditWeights } from "./stats";

/**
 * The experiments' daily work, one experiment at a time: the cron finds which experiments are
 * due and queues one message each (src/experiments/jobs.ts), so one invocation analyses one
 * batch of messages whatever the number of experiments. Each step is idempotent (a doubled or
 * missed run changes nothing) and touches running experiments only: a paused or stopped test is
 * left as the owner left it.
 */

const ACTOR = "auto";
const DAY_MS = 86_400_000;
/** Weights equal to this many decimals are the same weights: nothing to record. */
const WEIGHT_EPSILON = 1e-9;

/** What one experiment's day did: ended it (auto-promotion), took its snapshot, moved its bandit weights. */
export interface ExperimentDay {
  ended: boolean;
  snapshot: boolean;
  moved: boolean;
}

/**
 * One running experiment's work for the day of `now`, in the order that matters: an experiment
 * whose owner allowed auto-promotion is judged first (the day's snapshot is that judgement's
 * claim), any other gets the day's snapshot (its chance to be best, for the plot over time),
 * and a bandit then moves its weights from that same snapshot.
 */
export async function experimentDay(deps: Deps, experimentId: string, now: Date): Promise<ExperimentDay> {
  const out = { ended: false, snapshot: false, moved: false };
  const experiment = await deps.db.query.experiments.findFirst({ where: eq(experiments.id, experimentId) });
  if (experiment?.status !== "running") return out;
  const day = utcDay(now);
  if (experiment.autoPromote) {
    const judged = await judge(deps, experiment, now);
    out.snapshot = judged.claimed;
    out.ended = judged.ended;
    if (out.ended) return out;
  } else {
    out.snapshot = await storeSnapshot(deps, await experimentResults(deps, experiment.communityId, experiment.id, now), day, now);
  }
  if (experiment.mode === "bandit") out.moved = await moveBanditWeights(deps, experiment, now);
  return out;
}

/**
 * Stores the day's snapshot unless one exists (the primary key keeps the first). Returns whether
 * this call stored it: the snapshot doubles as the claim on the day's automatic decision.
 */
async function storeSnapshot(deps: Deps, results: ExperimentResults, day: string, now: Date): Promise<boolean> {
  const chanceToBeBest = Object.fromEntries(results.variants.map((v) => [v.variant.key, v.chanceToBeBest]));
  const inserted = await deps.db
    .insert(experimentSnapshots)
    .values({ experimentId: results.experiment.id, day, chanceToBeBest, createdAt: now })
    .onConflictDoNothing()
    .returning({ day: experimentSnapshots.day });
  return inserted.length > 0;
}

/** Today's snapshot, taken now if the snapshot job has not reached this experiment yet. */
async function todaysChances(deps: Deps, experiment: Experiment, day: string, now: Date): Promise<Record<string, number>> {
  const find = () => deps.db.query.experimentSnapshots.findFirst({ where: and(eq(experimentSnapshots.experimentId, experiment.id), eq(experimentSnapshots.day, day)) });
  const existing = await find();
  if (existing) return existing.chanceToBeBest;
  await storeSnapshot(deps, await experimentResults(deps, experiment.communityId, experiment.id, now), day, now);
  return (await find())!.chanceToBeBest;
}

/**
 * Bandit mode: once past burn-in, new visitors are split by Thompson sampling, w = P(best) with a
 * 1% floor, taken from today's snapshot so every run of the day computes the same weights.
 * Stored assignments keep their variant. Today's daily rows get the new weights, so SRM checks
 * each day against the weights in force that day. Returns how many experiments moved.
 */
async function moveBanditWeights(deps: Deps, experiment: Experiment, now: Date): Promise<boolean> {
  const day = utcDay(now);
  const variants = await deps.db.query.experimentVariants.findMany({ where: eq(experimentVariants.experimentId, experiment.id), orderBy: (v, { asc }) => [asc(v.position)] });
  if (!experiment.startedAt || !banditReady({ startedAt: experiment.startedAt, now, exposures: variants.map((v) => v.exposures) })) return false;
  const chances = await todaysChances(deps, experiment, day, now);
  const weights = banditWeights(variants.map((v) => chances[v.key] ?? 0));
  const changes = variants.map((v, k) => ({ v, weight: weights[k] })).filter(({ v, weight }) => Math.abs(v.weight - weight) > WEIGHT_EPSILON);
  if (!changes.length) return false;
  // Each update holds only if the weight is still the one read, so of two racing runs one records the move.
  const [first, ...rest] = changes.map(({ v, weight }) =>
    deps.db
      .update(experimentVariants)
      .set({ weight })
      .where(and(eq(experimentVariants.id, v.id), eq(experimentVariants.weight, v.weight)))
      .returning({ id: experimentVariants.id }),
  );
  const daily = variants.map((v, k) =>
    deps.db
      .insert(experimentDaily)
      .values({ experimentId: experiment.id, variantId: v.id, day, weight: weights[k] })
      .onConflictDoUpdate({ target: [experimentDaily.experimentId, experimentDaily.variantId, experimentDaily.day], set: { weight: weights[k] } }),
  );
  const results = await deps.db.batch([first, ...rest, ...daily]);
  if (!results.slice(0, changes.length).some((r) => (r as unknown[]).length > 0)) return false;
  await auditEntry(deps.db, {
    communityId: experiment.communityId,
    actor: ACTOR,
    action: "experiment.bandit_weights",
    subject: experiment.id,
    detail: { day, weights: byKey(variants, weights), chanceToBeBest: chances },
    at: now,
  });
  return true;
}

/**
 * For experiments whose owner allowed it, once per UTC day: a winner by the stopping rule (never
 * while the traffic split looks wrong) is promoted; at the maximum duration without one, the test
 * stops as "no clear difference" and everyone sees the original price again. Once a day matters:
 * the rule's error rates (`npm run simulate`: a price 10%+ worse chosen in at most ~3% of runs)
 * were measured with one look per day, and every extra look raises them. The day's snapshot is
 * the claim, so a doubled run judges once.
 * Returns how many experiments ended.
 */
/**
 * The day's look at one experiment: `claimed` when this call took the day's snapshot (the claim,
 * so a doubled run judges once), `ended` when it promoted a winner or stopped the test at its
 * maximum duration.
 */
async function judge(deps: Deps, experiment: Experiment, now: Date): Promise<{ claimed: boolean; ended: boolean }> {
  const results = await experimentResults(deps, experiment.communityId, experiment.id, now);
  if (!(await storeSnapshot(deps, results, utcDay(now), now))) return { claimed: false, ended: false };
  const community = (await deps.db.query.communities.findFirst({ where: eq(communities.id, experiment.communityId) }))!;
  const { decision, srm } = results;
  if (decision.verdict === "winner" && !srm.flagged) {
    const winner = results.variants.find((v) => v.variant.key === decision.winnerKey)!.variant;
    await promoteVariant(deps, community, experiment.id, winner.id, ACTOR, decision.reasons.join("; "));
  } else if (results.daysRunning >= experiment.maxDurationDays) {
    const why = srm.flagged ? "the traffic split looked wrong" : "no variant met the stopping rule";
    await stopExperiment(deps, community, experiment.id, ACTOR, `No clear difference: reached the maximum duration of ${experiment.maxDurationDays} days and ${why}`);
  } else return { claimed: true, ended: false };
  return { claimed: true, ended: true };
}

/**
 * "Refund down to the lowest tested price" for stopped experiments, including payments that
 * arrive after the stop (a Checkout opened before it keeps its price): until the conversion
 * window (plus a week of retries) has passed since the stop, late conversions are refunded too.
 * This is the condition (on `experiments`) under which the cron queues an experiment's refunds.
 */
export function refundsStillDue(now: Date) {
  return and(
    eq(experiments.status, "stopped"),
    eq(experiments.refundToLowest, true),
    gte(experiments.stoppedAt, sql`${now.getTime()} - (${experiments.conversionWindowDays} + 7) * ${DAY_MS}`),
  );
}

function byKey(variants: { key: string }[], values: number[]): Record<string, number> {
  return Object.fromEntries(variants.map((v, k) => [v.key, values[k]]));
}
