import * as z from "zod/mini";
import "../lib/zod-messages";
import { addDays, dayStartMs } from "./days";
import { defaultRange, MAX_RANGE_DAYS, type InsightsQuery } from "./report";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

/** The range and tier of the Insights page, the CSV exports and the API: dates as YYYY-MM-DD. */

const date = z.lazy(() =>
  z.string().check(z.maxLength(10), z.regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-05-31"), z.refine((d) => !Number.isNaN(dayStartMs(d)), "Not a calendar date")),
);

export const insightsQuerySchema = z.lazy(() =>
  z.object({
    from: z.union([z.optional(date), z.literal("")]),
    to: z.union([z.optional(date), z.literal("")]),
    tier: z.optional(z.string().check(z.maxLength(64))),
  }),
);
export type InsightsQueryInput = z.infer<typeof insightsQuerySchema>;

/**
 * The query with defaults filled in (the six months up to `through`), or the problem named:
 * the range must run forwards and span at most two years.
 */
export function resolveQuery(input: InsightsQueryInput, through: string): { ok: true; query: InsightsQuery } | { ok: false; field: string; message: string } {
  const to = input.to || through;
  const from = input.from || (input.to ? addDays(to, -182) : defaultRange(through).from);
  if (from > to) return { ok: false, field: "from", message: "The range must start on or before its end" };
  if ((dayStartMs(to) - dayStartMs(from)) / 86_400_000 > MAX_RANGE_DAYS) return { ok: false, field: "from", message: "Choose at most two years" };
  return { ok: true, query: { from, to, tierId: input.tier ?? "" } };
}

export const nudgeSchema = z.lazy(() =>
  z.object({ member: z.string().check(z.trim(), z.toLowerCase(), z.email(), z.maxLength(320)) }),
);

/** The content plan form: a whole number of drops (empty: no plan) per week or month. */
export const planSchema = z.lazy(() =>
  z.object({
    target: z.pipe(z.string().check(z.trim(), z.maxLength(3), z.regex(/^\d*$/, "Use a whole number of drops, or leave it empty for no plan")), z.transform((v) => (v === "" ? null : Number(v)))).check(z.refine((v) => v === null || (v >= 1 && v <= 100), "Plan between 1 and 100 drops")),
    period: z.enum(["week", "month"], { message: "Choose week or month" }),
  }),
);
