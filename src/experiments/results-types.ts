import type { Experiment, ExperimentVariant } from "../../drizzle";
import type { AnalysisResult, Decision, SrmResult } from "./stats";

/** One variant's line in the results: counters as stored, plus the analysis of them. */
export interface VariantResults {
  variant: ExperimentVariant;
  exposures: number;
  conversions: number;
  revenue: number;
  conversionRate: number;
  rpv: number;
  rpvMean: number;
  rpvInterval: { lower: number; upper: number };
  chanceToBeBest: number;
  expectedLoss: number;
  lift: { median: number; interval: { lower: number; upper: number } } | null;
  /** Exposures expected from the weights in force, for the split plot. */
  expectedExposures: number;
  /**
   * Tier tests only (null otherwise): payers whose first payment is at least 30 days old, and the
   * money recorded from them in those 30 days (payments less refunds).
   */
  realised30: { payers: number; revenue: number } | null;
}

export interface DailyPoint {
  day: string;
  /** Cumulative per variant id. */
  exposures: Record<string, number>;
  conversions: Record<string, number>;
  revenue: Record<string, number>;
}

/**
 * Everything the results page, the API and the cron need about an experiment at a moment.
 * Computed from pre-aggregated counters: O(variants + days), never O(visitors).
 */
export interface ExperimentResults {
  experiment: Experiment;
  variants: VariantResults[];
  analysis: AnalysisResult;
  srm: SrmResult;
  decision: Decision;
  /** Cumulative counters by day, oldest first. */
  daily: DailyPoint[];
  /** Chance to be best over time, from the daily snapshots (variant key -> probability). */
  chanceOverTime: { day: string; chanceToBeBest: Record<string, number> }[];
  daysRunning: number;
  computedAt: Date;
}
