/**
 * Where the community stands in its life (start, growth, maturity, decline), from the trends of
 * members, monthly active members and MRR, and the one or two things most worth the owner's
 * attention. Plain rules, shown on the page in words, so the owner can check them.
 */

import type { CadencePeriod, DropPeriod } from "./plan";

export const STAGES = ["start", "growth", "maturity", "decline"] as const;
export type Stage = (typeof STAGES)[number];

export interface MonthPoint {
  month: string;
  members: number;
  mau: number;
  mrr: number;
}

export const START_MONTHS = 3;
export const START_MEMBERS = 30;
const GROWTH = 0.1;
const SHRINK = -0.05;
const ACTIVITY_DROP = -0.15;

export const STAGE_RULE =
  `Start: younger than ${START_MONTHS} months or under ${START_MEMBERS} members. ` +
  `Otherwise the last three months are compared with the three before: growth when members grew by ${GROWTH * 100}% or more and activity or revenue grew too; ` +
  `decline when members fell by ${-SHRINK * 100}% or more, or monthly active members fell by ${-ACTIVITY_DROP * 100}% or more while revenue fell; maturity otherwise.`;

/** Relative change of the average of the last three points against the three before (null without six). */
function trend(points: MonthPoint[], key: "members" | "mau" | "mrr"): number | null {
  if (points.length < 6) return null;
  const avg = (xs: MonthPoint[]) => xs.reduce((a, p) => a + p[key], 0) / xs.length;
  const before = avg(points.slice(-6, -3));
  const after = avg(points.slice(-3));
  if (before === 0) return after > 0 ? 1 : 0;
  return (after - before) / before;
}

export interface LifecycleReading {
  stage: Stage;
  ageMonths: number;
  trends: { members: number | null; mau: number | null; mrr: number | null };
}

/** `points`: one per month, oldest first, ending with the latest; `ageMonths`: since the first member joined. */
export function lifecycleStage(points: MonthPoint[], ageMonths: number): LifecycleReading {
  const trends = { members: trend(points, "members"), mau: trend(points, "mau"), mrr: trend(points, "mrr") };
  const last = points[points.length - 1];
  if (ageMonths < START_MONTHS || !last || last.members < START_MEMBERS || trends.members === null) return { stage: "start", ageMonths, trends };
  const up = (t: number | null) => t !== null && t > 0;
  if (trends.members >= GROWTH && (up(trends.mau) || up(trends.mrr))) return { stage: "growth", ageMonths, trends };
  if (trends.members <= SHRINK || ((trends.mau ?? 0) <= ACTIVITY_DROP && (trends.mrr ?? 0) < 0)) return { stage: "decline", ageMonths, trends };
  return { stage: "maturity", ageMonths, trends };
}

export interface HealthInput {
  activeShare: number | null;
  atRisk: number;
  involuntaryRecent: number;
  medianDecisionHours: number | null;
  reviewDays: number | null;
  daysSinceLastDrop: number | null;
  memberPostShare: number | null;
  /** The last complete week or month of the range, when fewer drops went out than the owner planned. */
  cadenceMiss: Pick<CadencePeriod, "start" | "planned" | "delivered"> | null;
  period: DropPeriod;
  stage: Stage;
  /** Moderators see no money: money items are left out for them. */
  money: boolean;
}

export interface HealthItem {
  score: number;
  title: string;
  detail: string;
  href: string;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The one or two things most worth attention, most urgent first; empty when all is well. */
export function healthItems(h: HealthInput): HealthItem[] {
  const items: HealthItem[] = [];
  if (h.activeShare !== null && h.activeShare < 0.6) {
    items.push({
      score: (0.6 - h.activeShare) * 10 + 1,
      title: `${pct(h.activeShare)} of members were active in the last 30 days`,
      detail: `Healthy groups keep more than 60% active.${h.atRisk ? ` ${h.atRisk} member${h.atRisk === 1 ? " has" : "s have"} gone quiet for three weeks: a personal nudge brings many back.` : ""}`,
      href: "#at-risk",
    });
  } else if (h.atRisk > 0) {
    items.push({ score: 1 + Math.min(h.atRisk, 20) / 20, title: `${h.atRisk} member${h.atRisk === 1 ? " has" : "s have"} gone quiet for three weeks`, detail: "They were active before. A short personal note often brings them back.", href: "#at-risk" });
  }
  if (h.money && h.involuntaryRecent > 0) {
    items.push({ score: 2 + h.involuntaryRecent / 5, title: `${h.involuntaryRecent} member${h.involuntaryRecent === 1 ? "" : "s"} left after a failed payment this month`, detail: "These members did not choose to leave: check the grace period and the payment-failed email.", href: "#money" });
  }
  const promised = (h.reviewDays ?? 3) * 24;
  if (h.money && h.medianDecisionHours !== null && h.medianDecisionHours > promised) {
    items.push({ score: 1.5 + h.medianDecisionHours / promised, title: `Applicants wait ${Math.round(h.medianDecisionHours / 24)} days for a decision`, detail: `That is longer than the ${promised / 24} days applicants are told; review speed decides whether good applicants stay interested.`, href: "#funnel" });
  }
  if (h.daysSinceLastDrop !== null && h.daysSinceLastDrop > 14) {
    items.push({ score: 1 + h.daysSinceLastDrop / 14, title: `No drop for ${h.daysSinceLastDrop} days`, detail: "Communities die when content stops: pick a cadence you can keep and schedule the next drop.", href: "#content" });
  }
  const miss = h.cadenceMiss;
  if (miss && miss.planned) {
    items.push({
      score: 1 + (miss.planned - miss.delivered) / miss.planned,
      title: `${miss.delivered} of ${miss.planned} planned drop${miss.planned === 1 ? "" : "s"} went out in the ${h.period} of ${miss.start}`,
      detail: "Members learn the rhythm you keep: schedule the next drops ahead, or set a plan you can hold.",
      href: "#cadence",
    });
  }
  if (h.memberPostShare !== null && h.memberPostShare < 0.5) {
    items.push({ score: 1 + (0.5 - h.memberPostShare) * 4, title: `Staff wrote ${pct(1 - h.memberPostShare)} of the posts`, detail: "Members talking to each other is what keeps a community alive: ask the leaders below to start threads.", href: "#layers" });
  }
  if (h.stage === "decline") {
    items.push({ score: 3, title: "Members or activity are falling", detail: "The trends of the last three months point to decline: see the lifecycle section for the numbers.", href: "#lifecycle" });
  }
  return items.sort((a, b) => b.score - a.score).slice(0, 2);
}
