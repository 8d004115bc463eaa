/** The stopping rule: when an experiment has a winner, should keep running, or should stop. */
import type { AnalysisResult, VariantResult } from "./analysis";
import { inverseNormalCdf } from "./special";

export type Verdict = "keep_running" | "winner" | "no_clear_difference" | "traffic_split_wrong";

export interface DecisionInput {
  analysis: AnalysisResult;
  startedAt: Date | number;
  now: Date | number;
  maxDurationDays?: number;
  minDays?: number;
  minExposures?: number;
  minConversions?: number;
  /** When set, the leader also needs this chance to be best (the first rule's condition). */
  pBest?: number;
  /** Largest expected loss accepted for the winner, as a fraction of an RPV (see `lossBase`). */
  lossThreshold?: number;
  /** Whose RPV the threshold is a fraction of: the leader's (default) or the control's (first rule). */
  lossBase?: "leader" | "control";
  srmFlagged: boolean;
  /** Exposures per day across all variants at current traffic; defaults to the average so far. */
  dailyExposures?: number;
  /** How amounts (in minor units) read in the reasons, e.g. "$0.95"; plain numbers by default. */
  formatAmount?: (minor: number) => string;
}

export interface Decision {
  verdict: Verdict;
  winnerKey?: string;
  reasons: string[];
  estimatedDaysLeft?: number;
  message: string;
}

const DAY_MS = 86_400_000;

/**
 * The default rule decides on money: the leader (the variant whose choice loses least in
 * expectation) wins once its expected loss per visitor, E[max_j RPV_j − RPV_leader], is at most
 * `lossThreshold` of its own RPV, after the minimum days, with enough data and no SRM. A wrong
 * choice between two prices that earn the same costs nothing, so the rule does not wait to tell
 * them apart; a choice that may cost money waits. Calibrated with `npm run simulate` (daily looks
 * for 42 days): src/experiments/stats/README.md has the figures.
 */
export const DEFAULT_RULE = { minDays: 7, minExposures: 100, minConversions: 10, lossThreshold: 0.005, lossBase: "leader" } as const;

/**
 * The first rule, kept as the simulation's baseline: P(best) >= 0.998 on independent Beta(1, 1)
 * posteriors, expected loss within 0.5% of the control's RPV, 30 conversions per variant.
 */
export const LEGACY_RULE = { minDays: 7, minExposures: 100, minConversions: 30, lossThreshold: 0.005, lossBase: "control", pBest: 0.998 } as const;

export function decide(input: DecisionInput): Decision {
  const fmt = input.formatAmount ?? amount;
  const rule = {
    maxDurationDays: input.maxDurationDays ?? 42,
    minDays: input.minDays ?? DEFAULT_RULE.minDays,
    minExposures: input.minExposures ?? DEFAULT_RULE.minExposures,
    minConversions: input.minConversions ?? DEFAULT_RULE.minConversions,
    pBest: input.pBest,
    lossThreshold: input.lossThreshold ?? DEFAULT_RULE.lossThreshold,
  };
  // While the split is wrong every estimate is suspect, so nothing is decided automatically.
  if (input.srmFlagged) {
    return {
      verdict: "traffic_split_wrong",
      reasons: ["Exposures do not match the traffic split (sample ratio mismatch); no decision until it is fixed"],
      message: "Traffic split looks wrong",
    };
  }
  const { analysis } = input;
  const { variants } = analysis;
  const days = (+input.now - +input.startedAt) / DAY_MS;
  const best = leaderOf(analysis, rule.pBest !== undefined);
  const base = (input.lossBase ?? DEFAULT_RULE.lossBase) === "control" ? variants[analysis.controlIndex] : best;
  const allowedLoss = rule.lossThreshold * base.rpvMean;
  const baseName = base === best ? `${best.key}'s RPV` : "control RPV";

  const waitingForTime = days < rule.minDays ? [`Running ${formatDays(days)} of at least ${rule.minDays} days`] : [];
  const waitingForData = variants.flatMap((v) => missingData(v, rule.minExposures, rule.minConversions));
  const waitingForEvidence: string[] = [];
  if (!analysis.hasData) {
    waitingForEvidence.push("No data yet: no variant has a sale, so every price is as likely to be best");
  } else {
    if (rule.pBest !== undefined && best.chanceToBeBest < rule.pBest) {
      waitingForEvidence.push(`Best so far is ${best.key} with ${percent(best.chanceToBeBest)} chance to be best; ${percent(rule.pBest)} needed`);
    }
    if (best.expectedLoss > allowedLoss) {
      waitingForEvidence.push(
        `Expected loss of choosing ${best.key} is ${fmt(best.expectedLoss)} per visitor; at most ${fmt(allowedLoss)} (${percent(rule.lossThreshold)} of ${baseName}) allowed`,
      );
    }
  }
  const reasons = [...waitingForTime, ...waitingForData, ...waitingForEvidence];

  if (reasons.length === 0) {
    return {
      verdict: "winner",
      winnerKey: best.key,
      reasons: [
        `${best.key} has ${percent(best.chanceToBeBest)} chance to be best`,
        `Expected loss of choosing ${best.key} is ${fmt(best.expectedLoss)} per visitor, within ${fmt(allowedLoss)}`,
      ],
      message: `Variant ${best.key} wins`,
    };
  }
  if (days >= rule.maxDurationDays) {
    return {
      verdict: "no_clear_difference",
      reasons: [...reasons, `Reached the maximum duration of ${rule.maxDurationDays} days`],
      message: "No clear difference",
    };
  }
  if (!analysis.hasData) return { verdict: "keep_running", reasons, message: "No data yet" };
  const estimatedDaysLeft = estimateDaysLeft(input, rule, days, best, allowedLoss, waitingForData.length > 0);
  return {
    verdict: "keep_running",
    reasons,
    estimatedDaysLeft,
    message: `Keep running: about ${estimatedDaysLeft} more day${estimatedDaysLeft === 1 ? "" : "s"} at current traffic`,
  };
}

/**
 * The variant to choose now: the one with the smallest expected loss (the Bayes choice under a
 * loss in money), or, for the first rule, the one most likely to be best.
 */
export function leaderOf(analysis: AnalysisResult, byChance = false): VariantResult {
  return analysis.variants.reduce((a, b) => ((byChance ? b.chanceToBeBest > a.chanceToBeBest : b.expectedLoss < a.expectedLoss) ? b : a));
}

function missingData(v: VariantResult, minExposures: number, minConversions: number): string[] {
  const out: string[] = [];
  if (v.exposures < minExposures) out.push(`${v.key} has ${v.exposures} of ${minExposures} exposures needed`);
  if (v.conversions < minConversions) out.push(`${v.key} has ${v.conversions} of ${minConversions} conversions needed`);
  return out;
}

/**
 * Whole days until a decision is plausible, never past the maximum duration: the most of
 * (a) the minimum days left, (b) the days each variant needs to reach the minimum exposures
 * and conversions at its current traffic and conversion rate, and (c) once those are met,
 * a rough scaling of the evidence with sample size (assumes the observed difference holds).
 */
function estimateDaysLeft(
  input: DecisionInput,
  rule: { maxDurationDays: number; minDays: number; minExposures: number; minConversions: number; pBest?: number },
  days: number,
  best: VariantResult,
  allowedLoss: number,
  needsData: boolean,
): number {
  const { variants } = input.analysis;
  const totalExposures = variants.reduce((sum, v) => sum + v.exposures, 0);
  const dailyTotal = input.dailyExposures ?? (days > 0 ? totalExposures / days : 0);

  let estimate = Math.max(0, rule.minDays - days);
  if (needsData) {
    for (const v of variants) {
      const share = totalExposures > 0 ? v.exposures / totalExposures : 1 / variants.length;
      // Posterior-mean conversion rate, so a variant with no conversions yet still gets an estimate.
      const rate = (v.conversions + 1) / (v.exposures + 2);
      const needed = Math.max(rule.minExposures - v.exposures, (rule.minConversions - v.conversions) / rate, 0);
      const perDay = dailyTotal * share;
      if (needed > 0) estimate = Math.max(estimate, perDay > 0 ? needed / perDay : Infinity);
    }
  } else {
    estimate = Math.max(estimate, days * (evidenceGrowthNeeded(best, rule.pBest, allowedLoss) - 1));
  }
  const capped = Math.min(estimate, rule.maxDurationDays - days);
  return Math.max(1, Math.ceil(capped));
}

/**
 * How many times the current sample is needed: expected loss shrinks about as 1/√n, and the
 * z-score of P(best) grows about as √n. Infinity when no variant leads yet.
 */
function evidenceGrowthNeeded(best: VariantResult, pBest: number | undefined, allowedLoss: number): number {
  let factor = 1;
  if (best.expectedLoss > allowedLoss) factor = allowedLoss > 0 ? (best.expectedLoss / allowedLoss) ** 2 : Infinity;
  if (pBest !== undefined && best.chanceToBeBest < pBest) {
    const now = best.chanceToBeBest > 0.5 ? inverseNormalCdf(best.chanceToBeBest) : 0;
    factor = Math.max(factor, now > 0 ? (inverseNormalCdf(pBest) / now) ** 2 : Infinity);
  }
  return factor;
}

function formatDays(days: number): string {
  const whole = Math.floor(days);
  return `${whole} day${whole === 1 ? "" : "s"}`;
}

function percent(x: number): string {
  const p = x * 100;
  // One decimal for ordinary shares; two significant digits for tiny thresholds like 0.005%.
  return `${p >= 1 || p === 0 ? p.toFixed(1).replace(/\.0$/, "") : String(Number(p.toPrecision(2)))}%`;
}

function amount(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/**
 * Bandit mode stops at a 1% expected loss: the bandit already sends most visitors to the leader,
 * so what the extra days buy is small, while its 1% floor and residual share keep costing.
 * Measured with `npm run simulate`: 95.5% of the best price's revenue over 42 days at 100
 * visitors a day and +25% (95.2% at 0.5%), choosing a price 20% worse in 2.3% of runs.
 */
export const BANDIT_RULE = { ...DEFAULT_RULE, lossThreshold: 0.01 } as const;
