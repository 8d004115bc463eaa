/** UTC calendar days as "YYYY-MM-DD" and months as "YYYY-MM": the keys of every rollup. */

export const DAY_MS = 86_400_000;

export const dayOf = (at: Date | number) => new Date(at).toISOString().slice(0, 10);
export const monthOf = (day: string) => day.slice(0, 7);
export const dayStartMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const dayEndMs = (day: string) => dayStartMs(day) + DAY_MS;

export function addDays(day: string, n: number): string {
  return dayOf(dayStartMs(day) + n * DAY_MS);
}

/** Every day from `from` to `to`, both included. */
export function dayRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

export const monthFirstDay = (month: string) => `${month}-01`;
export const monthLastDay = (month: string) => addDays(monthFirstDay(addMonths(month, 1)), -1);

/** Whole months from `a` to `b` ("2026-01" to "2026-03" is 2). */
export function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split("-").map(Number) as [number, number];
  const [yb, mb] = b.split("-").map(Number) as [number, number];
  return (yb - ya) * 12 + (mb - ma);
}

/** The days split into runs of one calendar month each, in order. */
export function byMonth(days: string[]): { month: string; days: string[] }[] {
  const out: { month: string; days: string[] }[] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (last && last.month === monthOf(d)) last.days.push(d);
    else out.push({ month: monthOf(d), days: [d] });
  }
  return out;
}
