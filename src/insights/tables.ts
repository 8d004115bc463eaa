import { formatMajorAmount } from "../communities/forms";
import { csvLine } from "../members/csv";
import { addMonths } from "./days";
import { ratio, WEEKDAYS } from "./figures";
import { LAYER_NAMES, LAYERS } from "./layers";
import type { InsightsReport } from "./report";

/**
 * Every table of the Insights page as plain rows: the page renders them, the CSV export writes
 * them, so what is downloaded is what was shown. `money` tables are for owners only.
 */

export type Cell = string | number | null;
export interface TableSpec {
  title: string;
  columns: string[];
  rows: Cell[][];
  money: boolean;
}

export const TABLE_KEYS = ["funnel", "money", "activity", "layers", "moves", "heatmap", "content", "cadence", "top-drops", "top-threads", "cohorts-membership", "cohorts-activity", "lifecycle"] as const;
export type TableKey = (typeof TABLE_KEYS)[number];
export const MONEY_TABLES: readonly TableKey[] = ["money"];

export const percent = (x: number | null): string => (x === null ? "—" : `${Math.round(x * 1000) / 10}%`);

/** Hours shown in blocks of three, so the heatmap reads on a phone. */
export const HOUR_BLOCKS = Array.from({ length: 8 }, (_, i) => `${String(i * 3).padStart(2, "0")}–${String(i * 3 + 3).padStart(2, "0")}`);

export function buildTables(r: InsightsReport): Record<TableKey, TableSpec> {
  const money = (n: number) => formatMajorAmount(n, r.currency);
  const cohortMonths = [...new Set(r.cohorts.map((c) => c.cohort))].sort();
  const maxAge = r.cohorts.reduce((a, c) => Math.max(a, c.age), 0);
  const triangle = (value: (c: InsightsReport["cohorts"][number]) => number): Cell[][] =>
    cohortMonths.map((cohort) => {
      const cells = r.cohorts.filter((c) => c.cohort === cohort);
      const size = cells[0]?.size ?? 0;
      return [cohort, size, ...Array.from({ length: maxAge + 1 }, (_, age) => {
        const cell = cells.find((c) => c.age === age);
        return cell ? percent(ratio(value(cell), cell.size)) : null;
      })];
    });
  const lastMonth = r.layers.months[r.layers.months.length - 1];
  const mixMonths = [...new Set(r.content.mix.map((m) => m.month))].sort();
  return {
    funnel: {
      title: "Funnel by week of application",
      columns: ["week", "visitors", "applications", "fee paid", "approved", "rejected", "joined", "member after 30 days", "member after 90 days", "approved of applications", "joined of approved", "median hours to decision"],
      rows: r.funnel.map((w) => [w.week, w.visitors, w.applications, w.feesPaid, w.approved, w.rejected, w.joined, w.retained30, w.retained90, percent(ratio(w.approved, w.applications)), percent(ratio(w.joined, w.approved)), w.medianDecisionHours]),
      money: false,
    },
    money: {
      title: `Money by month (${r.currency.toUpperCase()})`,
      columns: ["month", "MRR", "paying members", "new", "expansion", "contraction", "churned", "reactivated", "left (cancelled)", "left (failed payment)", "grace recoveries", r.money?.subscriptionRevenueEstimated ? "subscription revenue (estimated from MRR)" : "subscription revenue", "subscription refunds", "application fees", "fee refunds", "net revenue", "ARPM"],
      rows: (r.money?.months ?? []).map((m) => [
        m.month,
        money(m.mrr),
        m.paying,
        money(m.newMrr),
        money(m.expansionMrr),
        money(m.contractionMrr),
        money(m.churnedMrr),
        money(m.reactivatedMrr),
        m.churnedVoluntary,
        m.churnedInvoluntary,
        m.recoveries,
        money(m.subscriptionRevenue),
        money(m.subscriptionRefunds),
        money(m.feeRevenue),
        money(m.feeRefunds),
        money(m.netRevenue),
        m.arpm === null ? null : money(m.arpm),
      ]),
      money: true,
    },
    activity: {
      title: "Active members by day",
      columns: ["day", "daily active", "weekly active", "monthly active", "members", "active in 30 days of members"],
      rows: r.activity.days.map((d) => [d.day, d.dau, d.wau, d.mau, d.members, percent(ratio(d.mau, d.members))]),
      money: false,
    },
    layers: {
      title: "Members by layer and month",
      columns: ["month", "members", ...LAYERS.map((l) => LAYER_NAMES[l].toLowerCase()), "leaders of members", "participants of members"],
      rows: r.layers.months.map((m) => [m.month, m.members, m.leaders, m.participants, m.readers, m.dormant, percent(ratio(m.leaders, m.members)), percent(ratio(m.participants, m.members))]),
      money: false,
    },
    moves: {
      title: `Moves between layers${lastMonth ? `, ${addMonths(lastMonth.month, -1)} to ${lastMonth.month}` : ""}`,
      columns: ["from", ...LAYERS.map((l) => `to ${LAYER_NAMES[l].toLowerCase()}`)],
      rows: LAYERS.map((from) => [LAYER_NAMES[from], ...LAYERS.map((to) => lastMonth?.moves[`${from}>${to}`] ?? 0)]),
      money: false,
    },
    heatmap: {
      title: "Posts and replies by weekday and hour (UTC)",
      columns: ["weekday", ...HOUR_BLOCKS],
      rows: r.heatmap.map((hours, i) => [WEEKDAYS[i]!, ...HOUR_BLOCKS.map((_, b) => hours[b * 3]! + hours[b * 3 + 1]! + hours[b * 3 + 2]!)]),
      money: false,
    },
    content: {
      title: "Content mix by month: threads and replies per space, drops per topic",
      columns: ["month", "kind", "space or topic", "count", "share of the month's kind"],
      rows: mixMonths.flatMap((month) => {
        const rows = r.content.mix.filter((m) => m.month === month);
        return rows.map((m) => {
          const total = rows.filter((x) => x.kind === m.kind).reduce((a, x) => a + x.count, 0);
          return [month, m.kind === "space" ? "posts in space" : "drops on topic", m.label, m.count, percent(ratio(m.count, total))];
        });
      }),
      money: false,
    },
    cadence: {
      title: `Drops planned and published by ${r.content.plan.period}`,
      columns: [r.content.plan.period === "week" ? "week of" : "month", "planned", "published", "kept the plan"],
      rows: r.content.cadence.map((p) => [
        p.start,
        p.planned,
        p.delivered,
        p.planned === null ? "no plan" : !p.complete ? "so far" : p.delivered >= p.planned ? "yes" : "no",
      ]),
      money: false,
    },
    "top-drops": { title: "Most read drops", columns: ["month", "drop", "readers"], rows: r.content.topDrops.map((d) => [d.month, d.title, d.readers]), money: false },
    "top-threads": { title: "Most answered threads", columns: ["month", "thread", "replies", "reactions"], rows: r.content.topThreads.map((t) => [t.month, t.title || "(untitled)", t.replies, t.reactions]), money: false },
    "cohorts-membership": {
      title: "Still members, by join month and months since joining",
      columns: ["joined", "size", ...Array.from({ length: maxAge + 1 }, (_, i) => `month ${i}`)],
      rows: triangle((c) => c.members),
      money: false,
    },
    "cohorts-activity": {
      title: "Active that month, by join month and months since joining",
      columns: ["joined", "size", ...Array.from({ length: maxAge + 1 }, (_, i) => `month ${i}`)],
      rows: triangle((c) => c.active),
      money: false,
    },
    lifecycle: {
      title: "Members, monthly active members and MRR by month",
      columns: ["month", "members", "monthly active", ...(r.money ? ["MRR"] : [])],
      rows: r.lifecyclePoints.map((p) => [p.month, p.members, p.mau, ...(r.money ? [money(p.mrr)] : [])]),
      money: false,
    },
  };
}

export function tableCsv(t: TableSpec): string {
  return [csvLine(t.columns), ...t.rows.map((row) => csvLine(row))].join("\r\n") + "\r\n";
}

/** How many months of the two-year rule of thumb the community has lived. */
export const ageAgainstTwoYears = (ageMonths: number) => `${ageMonths} of about 24 months`;
