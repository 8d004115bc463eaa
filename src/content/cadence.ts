import { DAY_MS } from "./release";

/**
 * The owner's cadence view: an 8-week strip of past and planned drops, coloured by topic, and
 * warnings when the planned rhythm breaks. Pure functions over the drops' publish times.
 */

export interface CadenceDrop {
  id: string;
  title: string;
  topics: string[];
  publishAt: Date;
  /** For a staggered drop, the tiers this release reaches (a drop then shows once per release). */
  tiers?: string[];
  /** A draft with a planned date: drawn, but not counted as scheduled. */
  draft?: boolean;
}

export interface CalendarDay {
  date: Date;
  today: boolean;
  past: boolean;
  drops: CadenceDrop[];
}

const PALETTE = ["#3b4bd8", "#17804a", "#b45309", "#9333ea", "#0e7490", "#be123c", "#4d7c0f", "#a16207"];
export const NO_TOPIC_COLOUR = "#6b7280";

/** A stable colour per topic name. */
export function topicColour(topic: string | undefined): string {
  if (!topic) return NO_TOPIC_COLOUR;
  let h = 0;
  for (const ch of topic) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

const dayStart = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

/** Weeks (Monday first, UTC) from `before` weeks ago to `after` weeks ahead, this week included. */
export function calendarWeeks(drops: readonly CadenceDrop[], now: Date, before = 4, after = 3): CalendarDay[][] {
  const today = dayStart(now);
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
  const start = monday - before * 7 * DAY_MS;
  const byDay = new Map<number, CadenceDrop[]>();
  for (const d of drops) {
    const key = dayStart(d.publishAt);
    byDay.set(key, [...(byDay.get(key) ?? []), d]);
  }
  const weeks: CalendarDay[][] = [];
  for (let w = 0; w < before + 1 + after; w++) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      const at = start + (w * 7 + i) * DAY_MS;
      week.push({ date: new Date(at), today: at === today, past: at < today, drops: byDay.get(at) ?? [] });
    }
    weeks.push(week);
  }
  return weeks;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The usual days between drops: the median of the last dozen gaps; null with fewer than 3 drops. */
export function usualIntervalDays(drops: readonly CadenceDrop[], now: Date): number | null {
  const past = drops.map((d) => d.publishAt.getTime()).filter((t) => t <= now.getTime()).sort((a, b) => a - b).slice(-13);
  if (past.length < 3) return null;
  const gaps = past.slice(1).map((t, i) => (t - past[i]!) / DAY_MS);
  return median(gaps);
}

const fmt = (t: number) => new Date(t).toISOString().slice(0, 10);
const days = (ms: number) => Math.round(ms / DAY_MS);

/**
 * What breaks the rhythm: nothing planned for the coming week, or a gap longer than usual.
 * `laterReleases` are the staggered releases of drops already counted (Members three days after
 * Core): they count as something scheduled, but not as a drop of their own in the rhythm.
 */
export function cadenceWarnings(drops: readonly CadenceDrop[], now: Date, laterReleases: readonly Date[] = []): string[] {
  const t = now.getTime();
  const times = drops.map((d) => d.publishAt.getTime()).sort((a, b) => a - b);
  const future = times.filter((x) => x > t);
  const lastPast = times.filter((x) => x <= t).pop();
  const warnings: string[] = [];
  const soon = (x: number) => x > t && x <= t + 7 * DAY_MS;
  if (!future.some(soon) && !laterReleases.some((d) => soon(d.getTime()))) warnings.push("Nothing is scheduled in the next 7 days.");
  const usual = usualIntervalDays(drops, now);
  if (usual == null || lastPast == null) return warnings;
  const limit = Math.max(usual * 1.5, usual + 1) * DAY_MS;
  const planned = [lastPast, ...future];
  for (let i = 1; i < planned.length; i++) {
    const gap = planned[i]! - planned[i - 1]!;
    if (gap > limit) warnings.push(`A gap of ${days(gap)} days between ${fmt(planned[i - 1]!)} and ${fmt(planned[i]!)}: you usually publish every ${Math.round(usual)} days.`);
  }
  if (!future.length && t - lastPast > limit) {
    warnings.push(`${days(t - lastPast)} days since the last drop and nothing planned: you usually publish every ${Math.round(usual)} days.`);
  }
  return warnings;
}
