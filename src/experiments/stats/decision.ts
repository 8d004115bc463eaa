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
  pBest?: number;
  /** Largest expected loss accepted for the winner, as a fraction of the control's RPV. */
  lossThreshold?: number;
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
 * The P(best) a winner needs. The method's 0.95 assumes one look at the data, but the cron and the
 * results page check every day: across 42 daily looks an A/A test crosses 0.95 by chance in about
 * 37% of runs (test/experiments/stats/simulation.test.ts prints the table). At 0.998 the same daily
 * checking names a false winner in about 3.5% of A/A runs, within the 5%, and still finds
 * a true +25% RPV lift in about 65% of runs within 42 days. The other conditions are unchanged.
 */
export const DEFAULT_P_BEST = 0.998;

export function decide(input: DecisionInput): Decision {
  const fmt = input.formatAmount ?? amount;
  const rule = {
    maxDurationDays: input.maxDurationDays ?? 42,
    minDays: input.minDays ?? 7,
    minExposures: input.minExposures ?? 100,
    minConversions: input.minConversions ?? 30,
    pBest: input.pBest ?? DEFAULT_P_BEST,
    lossThreshold: input.lossThreshold ?? 0.005,
  };
  // While the split is wrong every estimate is suspect, so nothing is decided automatically.
  if (input.srmFlagged) {
    return {
      verdict: "traffic_split_wrong",
      reasons: ["Exposures do not match the traffic split (sample ratio mismatch); no decision until it is fixed"],
      message: "Traffic split looks wrong",
    };
  }
  const { variants } = input.analysis;
  const days = (+input.now - +input.startedAt) / DAY_MS;
  const best = variants.reduce((a, b) => (b.chanceToBeBest > a.chanceToBeBest ? b : a));
  const allowedLoss = rule.lossThreshold * variants[input.analysis.controlIndex].rpvMean;

  const waitingForTime = days < rule.minDays ? [`Running ${formatDays(days)} of at least ${rule.minDays} days`] : [];
  const waitingForData = variants.flatMap((v) => missingData(v, rule.minExposures, rule.minConversions));
  const waitingForEvidence: string[] = [];
  if (best.chanceToBeBest < rule.pBest) {
    waitingForEvidence.push(`Best so far is ${best.key} with ${percent(best.chanceToBeBest)} chance to be best; ${percent(rule.pBest)} needed`);
  }
  if (best.expectedLoss > allowedLoss) {
    waitingForEvidence.push(
      `Expected loss of choosing ${best.key} is ${fmt(best.expectedLoss)} per visitor; at most ${fmt(allowedLoss)} (${percent(rule.lossThreshold)} of control RPV) allowed`,
    );
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
  const estimatedDaysLeft = estimateDaysLeft(input, rule, days, best, allowedLoss, waitingForData.length > 0);
  return {
    verdict: "keep_running",
    reasons,
    estimatedDaysLeft,
    message: `Keep running: about ${estimatedDaysLeft} more day${estimatedDaysLeft === 1 ? "" : "s"} at current traffic`,
  };
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
  rule: { maxDurationDays: number; minDays: number; minExposures: number; minConversions: number; pBest: number },
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
function evidenceGrowthNeeded(best: VariantResult, pBest: number, allowedLoss: number): number {
  let factor = 1;
  if (best.expectedLoss > allowedLoss) factor = allowedLoss > 0 ? (best.expectedLoss / allowedLoss) ** 2 : Infinity;
  if (best.chanceToBeBest < pBest) {
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
