/**
 * Bayesian analysis of a price-point experiment on revenue per exposed visitor (RPV):
 * Monte Carlo over joint posterior draws, O(variants × draws), independent of visitor count.
 * The default posterior is the joint price-response model (model.ts); the first method,
 * independent Betas per variant, stays available as the baseline the simulation compares with.
 */
import { sampleModelRpv } from "./model";
import { quantiles } from "./quantile";
import { createRandom, type Random } from "./random";

export interface Outcome {
  /** Amount one purchase of this kind brings (e.g. a tier's monthly or yearly price). */
  value: number;
  /** How many exposed visitors bought it. */
  count: number;
}

export interface VariantData {
  key: string;
  exposures: number;
  conversions: number;
  revenue: number;
  /** Fixed price of the variant; when absent, revenue / conversions stands in for it. */
  price?: number;
  /** Several possible amounts (tiers, monthly/yearly): switches the variant to the Dirichlet model. */
  outcomes?: Outcome[];
}

export interface AnalysisInput {
  variants: VariantData[];
  controlIndex?: number;
  draws?: number;
  /** Experiment seed; combined with the data so results are reproducible from both. */
  seed: string;
  /**
   * "model" (default): the joint price-response model. "independent": one Beta (or Dirichlet)
   * per variant, the first method, kept as the simulation's baseline.
   */
  method?: "model" | "independent";
  /** Independent method only: Beta(1, 1) ("uniform", the first method) or Beta(½, ½) ("jeffreys"). */
  prior?: "uniform" | "jeffreys";
}

export interface Interval {
  lower: number;
  upper: number;
}

export interface VariantResult {
  key: string;
  exposures: number;
  conversions: number;
  payers: number;
  revenue: number;
  /** Observed conversions / exposures (0 without exposures). */
  conversionRate: number;
  /** Observed revenue / exposures (0 without exposures). */
  rpv: number;
  rpvMean: number;
  /** 95% credible interval of RPV. */
  rpvInterval: Interval;
  chanceToBeBest: number;
  /** E[max_j RPV_j − RPV_k], in the same money unit as revenue. */
  expectedLoss: number;
  /** RPV_k / RPV_control − 1 over the same draws; null for the control or when undefined. */
  lift: { median: number; interval: Interval } | null;
}

export interface AnalysisResult {
  variants: VariantResult[];
  controlIndex: number;
  draws: number;
  /** False until some variant has a sale: every estimate is then the prior's. */
  hasData: boolean;
  /** E[max_j RPV_j]: what a visitor would bring if everyone saw the best price. */
  bestRpvMean: number;
  /**
   * Revenue the test has cost so far against showing every visitor the best price:
   * Σ_k exposures_k · Loss_k, a posterior expectation in the revenue's money unit.
   */
  testCost: number;
}

export const DEFAULT_DRAWS = 10_000;

/** Runs the analysis; throws RangeError on inconsistent data. */
export function analyze(input: AnalysisInput): AnalysisResult {
  const { variants } = input;
  const controlIndex = input.controlIndex ?? 0;
  const draws = input.draws ?? DEFAULT_DRAWS;
  validate(input, controlIndex, draws);
  const k = variants.length;

  const random = createRandom(`${input.seed}\u0000${input.method ?? "model"}\u0000${fingerprint(variants)}`);
  // Variant-major: the draws of variant i sit at [i * draws, (i + 1) * draws).
  const rpv = new Float64Array(k * draws);
  if (input.method === "independent") {
    const a0 = input.prior === "jeffreys" ? 0.5 : 1;
    for (let i = 0; i < k; i++) sampleRpv(random, variants[i], rpv.subarray(i * draws, (i + 1) * draws), a0);
  } else {
    sampleModelRpv(random, variants.map(modelVariant), draws, rpv);
  }

  const { best, loss, max } = bestAndLoss(rpv, k, draws);
  const control = rpv.subarray(controlIndex * draws, (controlIndex + 1) * draws);
  // Reused buffers: quantile selection reorders `scratch`; `ratio` holds one variant's lift draws.
  const scratch = new Float64Array(draws);
  const ratio = new Float64Array(draws);

  const results = variants.map((v, i): VariantResult => {
    const own = rpv.subarray(i * draws, (i + 1) * draws);
    const [lower, upper] = quantiles(own, [0.025, 0.975], scratch);
    return {
      key: v.key,
      exposures: v.exposures,
      conversions: v.conversions,
      payers: v.conversions,
      revenue: v.revenue,
      conversionRate: v.exposures > 0 ? v.conversions / v.exposures : 0,
      rpv: v.exposures > 0 ? v.revenue / v.exposures : 0,
      rpvMean: mean(own),
      rpvInterval: { lower, upper },
      chanceToBeBest: best[i] / draws,
      expectedLoss: loss[i] / draws,
      lift: i === controlIndex ? null : liftOf(own, control, ratio, scratch),
    };
  });
  return {
    variants: results,
    controlIndex,
    draws,
    hasData: variants.some((v) => v.conversions > 0),
    bestRpvMean: max / draws,
    testCost: results.reduce((sum, r) => sum + r.exposures * r.expectedLoss, 0),
  };
}

/** The model's view of a variant: its price, or its amounts when it has several. */
function modelVariant(v: VariantData) {
  const price = v.price ?? (v.conversions > 0 ? v.revenue / v.conversions : 0);
  const amounts = v.outcomes?.filter((o) => o.value > 0);
  return { exposures: v.exposures, conversions: v.conversions, price, amounts: amounts?.length ? amounts : undefined };
}

function validate(input: AnalysisInput, controlIndex: number, draws: number): void {
  const { variants } = input;
  if (variants.length === 0) throw new RangeError("at least one variant is needed");
  if (!Number.isInteger(controlIndex) || controlIndex < 0 || controlIndex >= variants.length) {
    throw new RangeError("controlIndex must point at a variant");
  }
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError("draws must be a positive integer");
  for (const v of variants) {
    const where = `variant ${v.key}`;
    if (!Number.isInteger(v.exposures) || v.exposures < 0) throw new RangeError(`${where}: exposures must be an integer >= 0`);
    if (!Number.isInteger(v.conversions) || v.conversions < 0 || v.conversions > v.exposures) {
      throw new RangeError(`${where}: conversions must be an integer between 0 and exposures`);
    }
    if (!Number.isFinite(v.revenue)) throw new RangeError(`${where}: revenue must be a finite number`);
    if (v.price !== undefined && !(v.price >= 0 && Number.isFinite(v.price))) throw new RangeError(`${where}: price must be >= 0`);
    if (v.outcomes) {
      let total = 0;
      for (const o of v.outcomes) {
        if (!Number.isFinite(o.value) || !Number.isInteger(o.count) || o.count < 0) {
          throw new RangeError(`${where}: outcomes need a finite value and an integer count >= 0`);
        }
        total += o.count;
      }
      if (total > v.exposures) throw new RangeError(`${where}: outcome counts exceed exposures`);
    }
  }
}

/** The data part of the seed: any change in the numbers gives a different, fixed stream. */
function fingerprint(variants: VariantData[]): string {
  return JSON.stringify(variants.map((v) => [v.key, v.exposures, v.conversions, v.revenue, v.price ?? null, v.outcomes ?? null]));
}

function sampleRpv(random: Random, v: VariantData, out: Float64Array, a0: number): void {
  if (v.outcomes) return sampleOutcomes(random, v.exposures, v.outcomes, out, a0);
  // Without a fixed price, the average amount paid stands in for it (0 when nobody paid).
  const price = v.price ?? (v.conversions > 0 ? v.revenue / v.conversions : 0);
  const a = a0 + v.conversions;
  const b = a0 + v.exposures - v.conversions;
  for (let s = 0; s < out.length; s++) out[s] = price * random.beta(a, b);
}

/** Dirichlet over {no purchase, each amount} with a prior of a0 per category. */
function sampleOutcomes(random: Random, exposures: number, outcomes: Outcome[], out: Float64Array, a0: number): void {
  let bought = 0;
  for (const o of outcomes) bought += o.count;
  const noPurchaseAlpha = a0 + exposures - bought;
  for (let s = 0; s < out.length; s++) {
    let total = random.gamma(noPurchaseAlpha);
    let weighted = 0;
    for (let j = 0; j < outcomes.length; j++) {
      const g = random.gamma(a0 + outcomes[j].count);
      total += g;
      weighted += outcomes[j].value * g;
    }
    out[s] = weighted / total;
  }
}

/** Per variant: how many draws it is best in (ties shared), the summed shortfall to the best, and the summed best. */
function bestAndLoss(rpv: Float64Array, k: number, draws: number): { best: Float64Array; loss: Float64Array; max: number } {
  const best = new Float64Array(k);
  const loss = new Float64Array(k);
  let maxSum = 0;
  for (let s = 0; s < draws; s++) {
    let max = -Infinity;
    let ties = 0;
    for (let i = 0; i < k; i++) {
      const r = rpv[i * draws + s];
      if (r > max) {
        max = r;
        ties = 1;
      } else if (r === max) {
        ties++;
      }
    }
    maxSum += max;
    const share = 1 / ties;
    for (let i = 0; i < k; i++) {
      const r = rpv[i * draws + s];
      if (r === max) best[i] += share;
      else loss[i] += max - r;
    }
  }
  return { best, loss, max: maxSum };
}

function liftOf(own: Float64Array, control: Float64Array, ratio: Float64Array, scratch: Float64Array): VariantResult["lift"] {
  for (let s = 0; s < own.length; s++) {
    // A control draw of 0 (price 0, or no revenue at all) leaves the lift undefined.
    if (!(control[s] > 0)) return null;
    ratio[s] = own[s] / control[s] - 1;
  }
  const [lower, median, upper] = quantiles(ratio, [0.025, 0.5, 0.975], scratch);
  return { median, interval: { lower, upper } };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (let s = 0; s < values.length; s++) sum += values[s];
  return sum / values.length;
}
