/**
 * A seedable pseudo-random generator and the distributions the analysis samples from.
 * Never Math.random: results must be reproducible from the experiment and its data.
 */

/** The 128-bit state of sfc32, as four unsigned 32-bit words. */
export type RandomState = readonly [number, number, number, number];

/**
 * Hashes a string into a generator state: four independent 32-bit lanes (multiply–xor
 * mixing with different constants, then a final avalanche), so similar strings start far apart.
 */
export function seedFrom(text: string): RandomState {
  let h1 = 0x6a09e667;
  let h2 = 0xbb67ae85;
  let h3 = 0x3c6ef372;
  let h4 = 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ c, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ c, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ c, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ c, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const TWO_POW_32 = 4294967296;

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 32-bit ops only, fast in V8. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  // Marsaglia's polar method yields normals in pairs; the second is kept for the next call.
  private spareNormal = 0;
  private hasSpare = false;

  constructor(state: RandomState) {
    [this.a, this.b, this.c, this.d] = state;
    // The counter word guarantees a long period from any state; discarding a few outputs
    // mixes weak seeds (e.g. mostly zero) before use.
    for (let i = 0; i < 15; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform in (0, 1): safe to take the logarithm of. */
  floatOpen(): number {
    return (this.uint32() + 0.5) / TWO_POW_32;
  }

  /** Standard normal, by Marsaglia's polar method. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    this.hasSpare = true;
    return u * m;
  }

  /**
   * Gamma(shape, 1) by Marsaglia and Tsang (2000). For shape < 1, draws Gamma(shape + 1)
   * and scales by U^(1/shape), the boost from the same paper.
   */
  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError("gamma shape must be a finite number > 0");
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.floatOpen(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.floatOpen();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Dirichlet(alphas), written into `out` (allocated when omitted) and returned. */
  dirichlet(alphas: ArrayLike<number>, out: Float64Array = new Float64Array(alphas.length)): Float64Array {
    let sum = 0;
    for (let j = 0; j < alphas.length; j++) {
      const g = this.gamma(alphas[j]);
      out[j] = g;
      sum += g;
    }
    for (let j = 0; j < alphas.length; j++) out[j] /= sum;
    return out;
  }
}

/** A generator seeded from a string: the same string always gives the same sequence. */
export function createRandom(seed: string): Random {
  return new Random(seedFrom(seed));
}
