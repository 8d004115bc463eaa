/**
 * The price-response model: revenue per visitor as a smooth function of price, fitted jointly
 * to every variant. See README.md in this folder for the why and the figures.
 *
 * Latent z_k = log RPV_k (money per exposed visitor). Conversion is p_k = exp(z_k) / A_k, with
 * A_k the amount a payer brings (the price, or a draw of the mix of amounts). Prior:
 *   z ~ Normal(μ0·1, σ_level²·11ᵀ + τ²·((1 − w)·R + w·I)),  R_jk = exp(−(u_j − u_k)² / (2ℓ²)),
 *   u_k = log A_k, μ0 = mean(u) + log(conversion guess).
 * Every variant has the same prior mean and variance of log RPV, so no price is favoured; the
 * correlation R says that nearby prices earn similar amounts per visitor, which is what shares
 * strength across price points (and shrinks small, noisy differences towards none).
 * Likelihood: x_k ~ Binomial(n_k, p_k), with p_k < 1.
 *
 * Computation: Newton's method finds the posterior mode (the log posterior is concave in z),
 * a multivariate t around it with the inverse Hessian as scale proposes draws, importance
 * weights correct them to the exact posterior, and systematic resampling turns them into
 * equally weighted draws, so the rest of the analysis treats them like any Monte Carlo draws.
 * Deterministic for a given Random state; O(draws × variants²).
 */
import type { Random } from "./random";

export interface ModelVariant {
  exposures: number;
  conversions: number;
  /** The amount each payer brings; ignored when `amounts` is given. 0 means the variant earns nothing. */
  price: number;
  /** Several amounts: a Dirichlet over which one a payer chooses (e.g. monthly or yearly). */
  amounts?: { value: number; count: number }[];
}

export const MODEL_PRIOR = {
  /** Prior centre of conversion at the geometric mean of the prices (the level is learnt fast). */
  conversion: 0.01,
  /** Spread of the overall level of log RPV (shared by all variants: moves none against another). */
  levelSd: 2,
  /** Spread of one variant's log RPV around the common level. */
  curveSd: 0.5,
  /**
   * Log-price distance over which RPV varies smoothly: prices ×1.35 apart correlate at e^−½.
   * Longer scales share more but make, with no data, the middle prices less likely best than
   * the ends: $10/$15/$20/$30 get 26/24/24/26% with these settings, 34/16/16/34% at 0.5 with
   * no own share.
   */
  lengthScale: 0.3,
  /**
   * Share of a variant's spread that is its own, not shared with nearby prices. Without it two
   * variants at the same price (an A/A test) would be certain to earn the same from day one.
   */
  ownShare: 0.5,
  /** Dirichlet prior per amount when a variant has several. */
  amountPrior: 0.5,
};

const T_DOF = 5;

/** Fills `out` (variant-major: variant i at [i·draws, (i+1)·draws)) with posterior RPV draws. */
export function sampleModelRpv(random: Random, variants: ModelVariant[], draws: number, out: Float64Array): void {
  out.fill(0);
  const live = variants.map((v, i) => ({ v, i, amount: meanAmount(v) })).filter((x) => x.amount > 0);
  const k = live.length;
  if (k === 0) return;
  const u = live.map((x) => Math.log(x.amount));
  const n = live.map((x) => x.v.exposures);
  const conv = live.map((x) => x.v.conversions);
  const logA = u.slice();
  const mu = u.reduce((s, x) => s + x, 0) / k + Math.log(MODEL_PRIOR.conversion);
  const precision = invert(priorCovariance(u));

  const mode = posteriorMode(precision, mu, n, conv, logA);
  const cov = invert(negHessian(precision, mode, n, conv, logA));
  const chol = cholesky(cov);

  // Proposals, then importance weights in log space.
  const proposals = new Float64Array(draws * k);
  const logW = new Float64Array(draws);
  const y = new Float64Array(k);
  const z = new Float64Array(k);
  const drawnLogA = new Float64Array(k);
  let maxLogW = -Infinity;
  for (let s = 0; s < draws; s++) {
    const scale = Math.sqrt(T_DOF / (2 * random.gamma(T_DOF / 2)));
    let yy = 0;
    for (let j = 0; j < k; j++) {
      y[j] = random.normal() * scale;
      yy += y[j] * y[j];
    }
    for (let j = 0; j < k; j++) {
      let acc = mode[j];
      for (let m = 0; m <= j; m++) acc += chol[j * k + m] * y[m];
      z[j] = acc;
      proposals[s * k + j] = acc;
    }
    // With several amounts, the amount a payer brings is uncertain too: drawn from its Dirichlet
    // posterior, it enters the weight through the conversion p = RPV / amount.
    for (let j = 0; j < k; j++) {
      const amounts = live[j].v.amounts;
      drawnLogA[j] = amounts?.length ? Math.log(drawAmount(random, amounts)) : logA[j];
    }
    const lw = logPosterior(precision, mu, n, conv, drawnLogA, z) + ((T_DOF + k) / 2) * Math.log1p(yy / T_DOF);
    logW[s] = lw;
    if (lw > maxLogW) maxLogW = lw;
  }
  // Systematic resampling: one uniform, equally spaced pointers through the cumulative weights.
  let total = 0;
  for (let s = 0; s < draws; s++) total += logW[s] = Number.isFinite(logW[s]) ? Math.exp(logW[s] - maxLogW) : 0;
  const step = total / draws;
  let pointer = random.float() * step;
  let cumulative = 0;
  let src = -1;
  for (let s = 0; s < draws; s++) {
    while (cumulative <= pointer && src < draws - 1) cumulative += logW[++src];
    for (let j = 0; j < k; j++) out[live[j].i * draws + s] = Math.exp(proposals[src * k + j]);
    pointer += step;
  }
}

/** The amount a payer brings on average: the price, or the mean of the recorded amounts. */
function meanAmount(v: ModelVariant): number {
  if (!v.amounts?.length) return v.price;
  let count = 0;
  let sum = 0;
  for (const a of v.amounts) {
    count += a.count + MODEL_PRIOR.amountPrior;
    sum += a.value * (a.count + MODEL_PRIOR.amountPrior);
  }
  return count > 0 ? sum / count : 0;
}

/** One draw of a payer's mean amount: Dirichlet over the amounts (a positive mix). */
function drawAmount(random: Random, amounts: { value: number; count: number }[]): number {
  let total = 0;
  let weighted = 0;
  for (const a of amounts) {
    const g = random.gamma(a.count + MODEL_PRIOR.amountPrior);
    total += g;
    weighted += a.value * g;
  }
  return weighted / total;
}

function priorCovariance(u: number[]): Float64Array {
  const k = u.length;
  const { levelSd, curveSd, lengthScale, ownShare } = MODEL_PRIOR;
  const c = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = u[i] - u[j];
      c[i * k + j] = levelSd * levelSd + (1 - ownShare) * curveSd * curveSd * Math.exp((-d * d) / (2 * lengthScale * lengthScale));
    }
    c[i * k + i] += ownShare * curveSd * curveSd;
  }
  return c;
}

/** log prior + log likelihood at z (up to a constant); −Infinity outside p < 1. */
export function logPosterior(precision: Float64Array, mu: number, n: number[], x: number[], logA: ArrayLike<number>, z: ArrayLike<number>): number {
  const k = n.length;
  let quad = 0;
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += precision[i * k + j] * (z[j] - mu);
    quad += (z[i] - mu) * row;
  }
  let ll = 0;
  for (let i = 0; i < k; i++) {
    if (n[i] === 0) continue;
    const logP = z[i] - logA[i];
    // Conversion is at most 1 wherever there are visitors to convert.
    if (logP >= 0) {
      if (n[i] - x[i] > 0 || logP > 0) return -Infinity;
      continue;
    }
    ll += x[i] * logP + (n[i] - x[i]) * Math.log1p(-Math.exp(logP));
  }
  return ll - quad / 2;
}

function posteriorMode(precision: Float64Array, mu: number, n: number[], x: number[], logA: number[]): Float64Array {
  const k = n.length;
  // Start inside p < 1, near the observed conversion where there is data.
  let z = Float64Array.from(logA, (la, i) => la + Math.log(Math.min(0.5, (x[i] + 0.5) / (n[i] + 1 / MODEL_PRIOR.conversion))));
  let value = logPosterior(precision, mu, n, x, logA, z);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let row = 0;
      for (let j = 0; j < k; j++) row += precision[i * k + j] * (z[j] - mu);
      const q = Math.exp(z[i] - logA[i]);
      grad[i] = x[i] - ((n[i] - x[i]) * q) / (1 - q) - row;
    }
    const step = solve(negHessian(precision, z, n, x, logA), grad);
    let t = 1;
    let next = z;
    let nextValue = -Infinity;
    for (let half = 0; half < 40; half++, t /= 2) {
      next = z.map((zi, i) => zi + t * step[i]);
      nextValue = logPosterior(precision, mu, n, x, logA, next);
      if (nextValue >= value) break;
    }
    if (!(nextValue >= value)) break;
    const moved = Math.max(...step.map((s) => Math.abs(s * t)));
    z = next;
    value = nextValue;
    if (moved < 1e-9) break;
  }
  return z;
}

function negHessian(precision: Float64Array, z: ArrayLike<number>, n: number[], x: number[], logA: number[]): Float64Array {
  const k = n.length;
  const h = Float64Array.from(precision);
  for (let i = 0; i < k; i++) {
    const q = Math.min(Math.exp(z[i] - logA[i]), 1 - 1e-12);
    h[i * k + i] += ((n[i] - x[i]) * q) / ((1 - q) * (1 - q));
  }
  return h;
}

/** Lower Cholesky factor of a symmetric positive-definite k×k matrix. */
export function cholesky(a: Float64Array): Float64Array {
  const k = Math.round(Math.sqrt(a.length));
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * k + j];
      for (let m = 0; m < j; m++) sum -= l[i * k + m] * l[j * k + m];
      l[i * k + j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[j * k + j];
    }
  }
  return l;
}

function solve(a: Float64Array, b: ArrayLike<number>): Float64Array {
  const k = b.length;
  const l = cholesky(a);
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= l[i * k + m] * y[m];
    y[i] = s / l[i * k + i];
  }
  const out = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let m = i + 1; m < k; m++) s -= l[m * k + i] * out[m];
    out[i] = s / l[i * k + i];
  }
  return out;
}

function invert(a: Float64Array): Float64Array {
  const k = Math.round(Math.sqrt(a.length));
  const out = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const e = new Float64Array(k);
    e[j] = 1;
    const col = solve(a, e);
    for (let i = 0; i < k; i++) out[i * k + j] = col[i];
  }
  return out;
}
