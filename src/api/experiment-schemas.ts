import * as z from "zod/mini";
import type * as core from "zod/v4/core";
import { EXPERIMENT_MODES, EXPERIMENT_STATUSES, EXPERIMENT_TARGETS, type Experiment, type ExperimentVariant } from "../../drizzle";
import type { ExperimentSummary } from "../experiments/results";
import type { ExperimentResults } from "../experiments/results-types";
import { experimentCreateSchema } from "../experiments/schemas";
import { named, unlazy } from "./openapi";
import { SlugParams, timestamp, pathId } from "./schemas";
import { lazyFields } from "../lib/lazy-fields";

/** Shapes of the experiment endpoints, and the rows -> shapes functions. The create body is the feature's own schema. */

type Out<T extends core.$ZodType> = core.input<T>;

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export const ExperimentParams = z.extend(SlugParams, lazyFields({
  id: () => pathId("id", "exp_3k9v2m0c7x1n8b4r5t6y"),
}));

export const ExperimentCreateBody = named(experimentCreateSchema, "ExperimentCreate", {
  description:
    "Prices in minor units (cents); the first variant is the control. Weights are relative and normalised to sum to 1. " +
    "A tier test names the tier and the billing interval whose price it tests.",
  example: { name: "Fee: $25 vs $40", target: "application_fee", variants: [{ price: 2500, weight: 1 }, { price: 4000, weight: 1 }] },
});

const reason = z.lazy(() =>
  z.string().check(z.maxLength(2000, "Reason must be at most 2,000 characters")),
);

export const StopBody = z.lazy(() =>
  z.strictObject({ reason: z.optional(reason) }).check(z.meta({ id: "ExperimentStopRequest" })),
);

export const PromoteBody = z.lazy(() =>
  z.strictObject({
    variantId: z.string({ error: "Name the variant to promote" }).check(z.minLength(1, "Name the variant to promote"), z.maxLength(64)),
    reason: z.optional(reason).check(z.meta({ description: "Kept in the audit log" })),
  }).check(z.meta({ id: "ExperimentPromoteRequest" })),
);

const positive = (name: string) => z.coerce.number({ error: `${name} must be a number` }).check(z.refine(Number.isFinite, `${name} must be a number`));

export const PlannerQuery = z.strictObject(lazyFields({
  baseline: () => positive("Baseline").check(z.refine((p) => p > 0 && p < 1, "Baseline is a conversion rate between 0 and 1, like 0.03"), z.meta({ description: "Current conversion rate of exposed visitors", example: 0.03 })),
  lift: () => positive("Lift").check(z.refine((d) => d !== 0 && d > -1 && d <= 10, "Lift is a relative change like 0.2 for +20% (not 0)"), z.meta({ description: "Smallest relative lift worth detecting", example: 0.2 })),
  dailyVisitors: () => positive("Daily visitors").check(z.refine((n) => n > 0, "Daily visitors must be above 0"), z.meta({ description: "Visitors who see the price per day, all variants together", example: 120 })),
  variants: () => z._default(z.coerce
      .number({ error: "Variants must be a number" }).check(z.int("Variants must be a whole number"), z.gte(2, "Test 2 to 4 price points"), z.lte(4, "Test 2 to 4 price points")), 2).check(z.meta({ example: 2 })),
}));

export const PlannerSchema = z.lazy(() =>
  z.object({
    baseline: z.number(),
    lift: z.number(),
    dailyVisitors: z.number(),
    variants: z.number().check(z.int()),
    perVariant: z.number().check(z.int(), z.meta({ description: "Visitors per variant for 80% power at two-sided α = 0.05" })),
    totalVisitors: z.number().check(z.int()),
    days: z.number().check(z.int(), z.meta({ description: "Days to reach the sample at this traffic, split evenly" })),
    message: z.string().check(z.meta({ example: "About 212 days at 120 visitors a day: 12,701 visitors per price point." })),
    simulated: z.array(
        z.object({
          lift: z.number().check(z.meta({ description: "How much more the best price earns per visitor, e.g. 0.25", example: 0.25 })),
          decidedBy: z.object({ days14: z.number(), days28: z.number(), days42: z.number() }).check(z.meta({ description: "Share of simulated tests that named the better price by 2, 4 and 6 weeks" })),
          wrongRate: z.number().check(z.meta({ description: "Share that chose a price 10% or more worse" })),
        }),
      ).check(z.meta({
        description:
          "The stopping rule in force, simulated day by day at this traffic and conversion for +10%, +25% and +50% revenue per visitor (24 seeded runs per row, good to about ±10 points). The fixed-sample figures above describe a one-look conversion test and over-promise for the daily-looked revenue rule.",
      })),
  }).check(z.meta({ id: "ExperimentPlan" })),
);

export const VariantSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    key: z.string().check(z.meta({ example: "A" })),
    price: z.number().check(z.int(), z.meta({ description: "In minor units (cents)" })),
    weight: z.number().check(z.meta({ description: "Share of new visitors now (fixed split, or the bandit's latest)" })),
    isControl: z.boolean(),
    exposures: z.number().check(z.int()),
    conversions: z.number().check(z.int()),
    revenue: z.number().check(z.int(), z.meta({ description: "Net of refunds, in minor units" })),
  }).check(z.meta({ id: "ExperimentVariant" })),
);

export const ExperimentSchema = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    target: z.enum(EXPERIMENT_TARGETS),
    tierId: z.nullable(z.string()),
    interval: z.nullable(z.enum(["month", "year"])),
    mode: z.enum(EXPERIMENT_MODES),
    status: z.enum(EXPERIMENT_STATUSES),
    conversionWindowDays: z.number().check(z.int()),
    maxDurationDays: z.number().check(z.int()),
    refundToLowest: z.boolean(),
    autoPromote: z.boolean(),
    winnerVariantId: z.nullable(z.string()),
    startedAt: z.nullable(timestamp),
    stoppedAt: z.nullable(timestamp),
    createdAt: timestamp,
    updatedAt: timestamp,
    variants: z.array(VariantSchema),
  }).check(z.meta({ id: "Experiment" })),
);

const interval = z.lazy(() =>
  z.object({ lower: z.number(), upper: z.number() }),
);
const perVariant = z.lazy(() =>
  z.record(z.string(), z.number()).check(z.meta({ description: "Variant key -> value" })),
);

export const ResultsSchema = z.lazy(() =>
  z.object({
    variants: z.array(
      z.object({
        variantId: z.string(),
        key: z.string(),
        price: z.number().check(z.int()),
        exposures: z.number().check(z.int()),
        conversions: z.number().check(z.int()),
        revenue: z.number().check(z.int()),
        conversionRate: z.number(),
        rpv: z.number().check(z.meta({ description: "Observed revenue per exposed visitor" })),
        rpvMean: z.number().check(z.meta({ description: "Posterior mean RPV of the price-response model" })),
        rpvInterval: unlazy(interval).check(z.meta({ description: "95% credible interval of RPV" })),
        chanceToBeBest: z.number(),
        expectedLoss: z.number().check(z.meta({ description: "E[max RPV − this RPV], per visitor, in minor units" })),
        lift: z.nullable(z.object({ median: z.number(), interval })).check(z.meta({ description: "RPV relative to the control, with a 95% credible interval; null for the control" })),
        expectedExposures: z.number().check(z.meta({ description: "Exposures expected from the weights in force" })),
        realised30: z.nullable(z.object({ payers: z.number().check(z.int()), revenue: z.number().check(z.int()) })).check(z.meta({ description: "Tier tests: payers whose first payment is 30+ days old, and the money from them in those 30 days (refunds subtracted); null for fee tests" })),
      }),
    ),
    hasData: z.boolean().check(z.meta({ description: "False until some variant has a sale: every estimate is then the prior's" })),
    testCost: z.number().check(z.meta({ description: "Revenue the test has cost against showing everyone the best price: Σ exposures × expected loss, minor units" })),
    bestRpvMean: z.number().check(z.meta({ description: "E[max RPV]: what a visitor would bring at the best price, minor units" })),
    srm: z.object({
      chiSquare: z.nullable(z.number()).check(z.meta({ description: "Null when infinite (traffic where none was expected)" })),
      pValue: z.number(),
      df: z.number().check(z.int()),
      flagged: z.boolean().check(z.meta({ description: "Sample ratio mismatch: p < 0.001 with at least 8 exposures per variant" })),
    }),
    decision: z.object({
      verdict: z.enum(["keep_running", "winner", "no_clear_difference", "traffic_split_wrong"]),
      message: z.string().check(z.meta({ example: "Keep running: about 9 more days at current traffic" })),
      reasons: z.array(z.string()),
      winnerKey: z.nullable(z.string()),
      winnerVariantId: z.nullable(z.string()),
      estimatedDaysLeft: z.nullable(z.number().check(z.int())),
    }),
    daily: z.array(z.object({ day: z.iso.date(), exposures: perVariant, conversions: perVariant, revenue: perVariant })).check(z.meta({ description: "Cumulative counters per variant key, by UTC day, oldest first" })),
    chanceOverTime: z.array(z.object({ day: z.iso.date(), chanceToBeBest: perVariant })).check(z.meta({ description: "Daily snapshots, oldest first" })),
    daysRunning: z.number(),
    draws: z.number().check(z.int()),
    computedAt: timestamp,
  }).check(z.meta({ id: "ExperimentResults" })),
);

export const ExperimentDetailSchema = z.lazy(() =>
  z.object({ experiment: ExperimentSchema, results: ResultsSchema }).check(z.meta({ id: "ExperimentDetail" })),
);

export const ExperimentListSchema = z.lazy(() =>
  z.object({ experiments: z.array(ExperimentSchema) }).check(z.meta({ id: "ExperimentList" })),
);

export function variantView(v: ExperimentVariant): Out<typeof VariantSchema> {
  return { id: v.id, key: v.key, price: v.price, weight: v.weight, isControl: v.isControl, exposures: v.exposures, conversions: v.conversions, revenue: v.revenue };
}

/** The experiment as the API shows it: never its hash seed, which would let anyone pick their bucket. */
export function experimentView(e: Experiment, variants: ExperimentVariant[]): Out<typeof ExperimentSchema> {
  return {
    id: e.id,
    name: e.name,
    target: e.target,
    tierId: e.tierId,
    interval: e.interval,
    mode: e.mode,
    status: e.status,
    conversionWindowDays: e.conversionWindowDays,
    maxDurationDays: e.maxDurationDays,
    refundToLowest: e.refundToLowest,
    autoPromote: e.autoPromote,
    winnerVariantId: e.winnerVariantId,
    startedAt: isoOrNull(e.startedAt),
    stoppedAt: isoOrNull(e.stoppedAt),
    createdAt: iso(e.createdAt),
    updatedAt: iso(e.updatedAt),
    variants: variants.map(variantView),
  };
}

export function summaryView(s: ExperimentSummary): Out<typeof ExperimentSchema> {
  return experimentView(s.experiment, s.variants);
}

export function resultsView(r: ExperimentResults): Out<typeof ResultsSchema> {
  const keyOf = new Map(r.variants.map((v) => [v.variant.id, v.variant.key]));
  const byKey = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([id, n]) => [keyOf.get(id) ?? id, n]));
  const winner = r.variants.find((v) => v.variant.key === r.decision.winnerKey)?.variant ?? null;
  return {
    variants: r.variants.map((v) => ({
      variantId: v.variant.id,
      key: v.variant.key,
      price: v.variant.price,
      exposures: v.exposures,
      conversions: v.conversions,
      revenue: v.revenue,
      conversionRate: v.conversionRate,
      rpv: v.rpv,
      rpvMean: v.rpvMean,
      rpvInterval: v.rpvInterval,
      chanceToBeBest: v.chanceToBeBest,
      expectedLoss: v.expectedLoss,
      lift: v.lift,
      expectedExposures: v.expectedExposures,
      realised30: v.realised30,
    })),
    hasData: r.analysis.hasData,
    testCost: r.analysis.testCost,
    bestRpvMean: r.analysis.bestRpvMean,
    srm: { ...r.srm, chiSquare: Number.isFinite(r.srm.chiSquare) ? r.srm.chiSquare : null },
    decision: {
      verdict: r.decision.verdict,
      message: r.decision.message,
      reasons: r.decision.reasons,
      winnerKey: r.decision.winnerKey ?? null,
      winnerVariantId: winner?.id ?? null,
      estimatedDaysLeft: r.decision.estimatedDaysLeft ?? null,
    },
    daily: r.daily.map((d) => ({ day: d.day, exposures: byKey(d.exposures), conversions: byKey(d.conversions), revenue: byKey(d.revenue) })),
    chanceOverTime: r.chanceOverTime,
    daysRunning: r.daysRunning,
    draws: r.analysis.draws,
    computedAt: iso(r.computedAt),
  };
}
