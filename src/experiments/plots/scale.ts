/** Scales and tick choices for the server-rendered charts: plain numbers in, SVG coordinates out. */

export interface LinearScale {
  (value: number): number;
  domain: readonly [number, number];
  range: readonly [number, number];
}

/** Maps `domain` linearly onto `range`; a zero-width domain maps everything to the range's middle. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as LinearScale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** A "nice" step (1, 2, 2.5 or 5 times a power of ten) giving about `count` intervals over the span. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * A domain starting at `min` (usually 0) and ending on a nice tick at or above `max`, and its
 * ticks. An empty or flat series still gets a usable axis (0 to 1).
 */
export function niceDomain(min: number, max: number, count = 5, integer = false): { domain: [number, number]; ticks: number[] } {
  const lo = Number.isFinite(min) ? min : 0;
  let hi = Number.isFinite(max) ? max : 1;
  if (hi <= lo) hi = lo + 1;
  // Counts (visitors, payments) never get a tick at 0.5.
  const step = integer ? Math.max(1, niceStep(hi - lo, count)) : niceStep(hi - lo, count);
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = start; t <= end + step / 2; t += step) ticks.push(roundTo(t, step));
  return { domain: [start, end], ticks };
}

/** Removes floating point noise (0.30000000000000004) relative to the step. */
function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(Math.min(decimals, 12)));
}

/** Evenly spaced bands for categories (one per variant), with padding between them. */
export interface BandScale {
  /** Left edge of band i. */
  start(i: number): number;
  /** Centre of band i. */
  center(i: number): number;
  bandwidth: number;
}

export function bandScale(count: number, range: readonly [number, number], padding = 0.3): BandScale {
  const [r0, r1] = range;
  const n = Math.max(1, count);
  const step = (r1 - r0) / n;
  const bandwidth = step * (1 - padding);
  return {
    start: (i) => r0 + i * step + (step - bandwidth) / 2,
    center: (i) => r0 + i * step + step / 2,
    bandwidth,
  };
}

const DAY_MS = 86_400_000;

/** "2026-05-03" -> milliseconds at UTC midnight. */
export function dayValue(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Up to `max` day ticks, evenly spread over whole days, always including the first and last day. */
export function dayTicks(first: number, last: number, max = 6): number[] {
  const days = Math.round((last - first) / DAY_MS);
  if (days <= 0) return [first];
  const every = Math.max(1, Math.ceil(days / (max - 1)));
  const ticks: number[] = [];
  for (let d = 0; d < days; d += every) ticks.push(first + d * DAY_MS);
  // Keep the last day; drop a tick crowding it.
  if (ticks.length > 1 && days - Math.round((ticks[ticks.length - 1]! - first) / DAY_MS) < every / 2) ticks.pop();
  ticks.push(last);
  return ticks;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 2026-05-03 -> "May 3". */
export function shortDay(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

export { DAY_MS };
