import type { InsightDay } from "../../drizzle";
import { addDays, dayStartMs, monthOf } from "./days";
import type { MoneyDay } from "./movements";

/**
 * The figures the page, the API and the CSV exports show, computed from rollup rows only (a
 * bounded number of them: days and months of the chosen range), never from history.
 */

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Monday of the day's week (UTC). */
export function weekOf(day: string): string {
  const weekday = (new Date(dayStartMs(day)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export interface FunnelWeek {
  week: string;
  visitors: number;
  applications: number;
  feesPaid: number;
  approved: number;
  rejected: number;
  joined: number;
  retained30: number;
  retained90: number;
  /** Median hours from application to decision, for the week's decided applications. */
  medianDecisionHours: number | null;
}

export function funnelByWeek(days: InsightDay[]): FunnelWeek[] {
  const weeks = new Map<string, FunnelWeek & { hours: number[] }>();
  for (const d of days) {
    const key = weekOf(d.day);
    const w =
      weeks.get(key) ??
      weeks.set(key, { week: key, visitors: 0, applications: 0, feesPaid: 0, approved: 0, rejected: 0, joined: 0, retained30: 0, retained90: 0, medianDecisionHours: null, hours: [] }).get(key)!;
    w.visitors += d.visitors;
    w.applications += d.applications;
    w.feesPaid += d.feesPaid;
    w.approved += d.approved;
    w.rejected += d.rejected;
    w.joined += d.appsJoined;
    w.retained30 += d.retained30;
    w.retained90 += d.retained90;
    w.hours.push(...d.decisionHours);
  }
  return [...weeks.values()].map(({ hours, ...w }) => ({ ...w, medianDecisionHours: median(hours) }));
}

/** A month of money: the last day's MRR, members and paying count, the month's movements summed. */
export interface MoneyMonth extends MoneyDay {
  month: string;
  /**
   * The subscription invoices paid in the month, as the webhooks recorded them; for a community
   * that has never recorded one (its history predates recording), accrued from the daily MRR
   * (MRR × 12 / 365 per day), and the report says it is estimated.
   */
  subscriptionRevenue: number;
  /** Subscription payments refunded in the month (by refund day, whatever month they were paid in). */
  subscriptionRefunds: number;
  feeRevenue: number;
  feeRefunds: number;
  netRevenue: number;
  /** Average revenue per paying member (MRR / paying members at month end). */
  arpm: number | null;
}

/** Money by month: `tierDays` for MRR, movements and subscription revenue (the chosen tier), `allDays` for application fees. */
export function moneyByMonth(tierDays: InsightDay[], allDays: InsightDay[], estimated = false): MoneyMonth[] {
  const months = new Map<string, MoneyMonth>();
  const month = (m: string) =>
    months.get(m) ??
    months
      .set(m, {
        month: m,
        mrr: 0,
        paying: 0,
        members: 0,
        newMrr: 0,
        expansionMrr: 0,
        contractionMrr: 0,
        churnedMrr: 0,
        reactivatedMrr: 0,
        joined: 0,
        churnedVoluntary: 0,
        churnedInvoluntary: 0,
        recoveries: 0,
        subscriptionRevenue: 0,
        subscriptionRefunds: 0,
        feeRevenue: 0,
        feeRefunds: 0,
        netRevenue: 0,
        arpm: null,
      })
      .get(m)!;
  for (const d of [...tierDays].sort((a, b) => a.day.localeCompare(b.day))) {
    const m = month(monthOf(d.day));
    m.mrr = d.mrr;
    m.paying = d.paying;
    m.members = d.members;
    for (const k of ["newMrr", "expansionMrr", "contractionMrr", "churnedMrr", "reactivatedMrr", "joined", "churnedVoluntary", "churnedInvoluntary", "recoveries"] as const) m[k] += d[k];
    m.subscriptionRevenue += estimated ? (d.mrr * 12) / 365 : d.subscriptionRevenue;
    m.subscriptionRefunds += d.subscriptionRefunds;
  }
  for (const d of allDays) {
    const m = month(monthOf(d.day));
    m.feeRevenue += d.feeRevenue;
    m.feeRefunds += d.feeRefunds;
  }
  return [...months.values()]
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((m) => ({ ...m, subscriptionRevenue: Math.round(m.subscriptionRevenue), netRevenue: Math.round(m.subscriptionRevenue) - m.subscriptionRefunds + m.feeRevenue - m.feeRefunds, arpm: m.paying ? Math.round(m.mrr / m.paying) : null }));
}

export interface MoneySummary {
  mrr: number;
  arpm: number | null;
  /** Paying members lost per month over the last three months, as a share of those paying. */
  monthlyChurn: number | null;
  /** ARPM / monthly churn: what a paying member brings in before they leave, on current rates. */
  ltv: number | null;
  voluntary: number;
  involuntary: number;
  recoveries: number;
}

export function moneySummary(months: MoneyMonth[]): MoneySummary {
  const last = months[months.length - 1];
  const recent = months.slice(-3);
  const lost = recent.reduce((a, m) => a + m.churnedVoluntary + m.churnedInvoluntary, 0);
  const avgPaying = recent.reduce((a, m) => a + m.paying, 0) / Math.max(1, recent.length);
  const monthlyChurn = avgPaying > 0 && recent.length ? lost / recent.length / avgPaying : null;
  const arpm = last?.arpm ?? null;
  return {
    mrr: last?.mrr ?? 0,
    arpm,
    monthlyChurn,
    ltv: arpm !== null && monthlyChurn ? Math.round(arpm / monthlyChurn) : null,
    voluntary: months.reduce((a, m) => a + m.churnedVoluntary, 0),
    involuntary: months.reduce((a, m) => a + m.churnedInvoluntary, 0),
    recoveries: months.reduce((a, m) => a + m.recoveries, 0),
  };
}

export interface ActivitySummary {
  /** Average DAU over the last 30 days of the range. */
  dau: number;
  wau: number;
  mau: number;
  members: number;
  stickiness: number | null;
  activeShare: number | null;
  memberPostShare: number | null;
}

export function activitySummary(days: InsightDay[]): ActivitySummary {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  const last = sorted[sorted.length - 1];
  const recent = sorted.slice(-30);
  const dau = recent.reduce((a, d) => a + d.dau, 0) / Math.max(1, recent.length);
  const posts = sorted.reduce((a, d) => a + d.threads + d.replies, 0);
  const staff = sorted.reduce((a, d) => a + d.staffPosts, 0);
  return {
    dau: Math.round(dau * 10) / 10,
    wau: last?.wau ?? 0,
    mau: last?.mau ?? 0,
    members: last?.members ?? 0,
    stickiness: ratio(dau, last?.mau ?? 0),
    activeShare: ratio(last?.mau ?? 0, last?.members ?? 0),
    memberPostShare: ratio(posts - staff, posts),
  };
}

/** Posts and replies by weekday (Monday first) and UTC hour, summed over the range. */
export function heatmap(days: InsightDay[]): number[][] {
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const d of days) {
    const weekday = (new Date(dayStartMs(d.day)).getUTCDay() + 6) % 7;
    d.hours.forEach((n, h) => (grid[weekday]![h]! += n));
  }
  return grid;
}

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
