import { eq } from "drizzle-orm";
import { insightSettings, type InsightDay, type InsightSettings } from "../../drizzle";
import type { Deps } from "../env";
import { addDays, monthLastDay, monthOf } from "./days";
import { weekOf } from "./figures";

/**
 * The owner's content plan ("3 drops a week", "4 a month") and the cadence kept against it: for
 * each week or month of the range, the drops planned and those published (insight_days.drops).
 * A period cut by the range's start is left out (its count would be partial); one cut by the
 * range's end is shown as "so far" and never counted as missed.
 */

export type DropPeriod = InsightSettings["dropPeriod"];
export interface DropPlan {
  target: number | null;
  period: DropPeriod;
}
export const NO_PLAN: DropPlan = { target: null, period: "week" };

export interface CadencePeriod {
  /** The period's first day (a Monday, or the 1st). */
  start: string;
  planned: number | null;
  delivered: number;
  /** The whole period lies in the range. */
  complete: boolean;
}

export const planOf = (row: InsightSettings | undefined): DropPlan => (row ? { target: row.dropTarget, period: row.dropPeriod } : NO_PLAN);

export function planQuery(db: Deps["db"], communityId: string) {
  return db.select().from(insightSettings).where(eq(insightSettings.communityId, communityId)).limit(1);
}

export async function savePlan(deps: Pick<Deps, "db" | "now">, communityId: string, plan: DropPlan): Promise<void> {
  const values = { dropTarget: plan.target, dropPeriod: plan.period, updatedAt: deps.now() };
  await deps.db
    .insert(insightSettings)
    .values({ communityId, ...values })
    .onConflictDoUpdate({ target: insightSettings.communityId, set: values });
}

/** Drops planned and published per week or month of the range `from`..`to`. */
export function cadenceByPeriod(days: Pick<InsightDay, "day" | "drops">[], plan: DropPlan, from: string, to: string): CadencePeriod[] {
  const startOf = (day: string) => (plan.period === "week" ? weekOf(day) : `${monthOf(day)}-01`);
  const endOf = (start: string) => (plan.period === "week" ? addDays(start, 6) : monthLastDay(monthOf(start)));
  const out = new Map<string, CadencePeriod>();
  for (const d of days) {
    const start = startOf(d.day);
    if (start < from) continue;
    const p = out.get(start) ?? out.set(start, { start, planned: plan.target, delivered: 0, complete: endOf(start) <= to }).get(start)!;
    p.delivered += d.drops;
  }
  return [...out.values()].sort((a, b) => (a.start < b.start ? -1 : 1));
}

/** The last complete period, when it fell short of the plan (for the attention summary). */
export function lastMiss(periods: CadencePeriod[]): CadencePeriod | null {
  const last = periods.filter((p) => p.complete).pop();
  return last && last.planned !== null && last.delivered < last.planned ? last : null;
}

export const periodWord = (period: DropPeriod) => (period === "week" ? "week" : "month");
