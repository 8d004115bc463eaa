import type { BillingInterval } from "../../drizzle";
import { formatMajorAmount, formText, parseMajorAmount, parseOptionalInt, type FieldErrors, type FormBody, type Parsed } from "../communities/forms";
import type { FieldIssue } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import { PLAN_RUNS, planTest, type PlanRow } from "./stats";
import { experimentCreateSchema, type ExperimentCreate } from "./schemas";

/** Variant letters in form order; variant A is the control (the price people pay today). */
export const VARIANT_KEYS = ["A", "B", "C", "D"] as const;

/** Something an owner can test: the application fee, or one tier's price for one interval. */
export interface TargetOption {
  /** "application_fee" or "tier:<tierId>:<interval>". */
  value: string;
  label: string;
  currency: string;
  /** The price in force now, in minor units: the natural control. */
  current: number;
}

export const feeTargetValue = "application_fee";
export const tierTargetValue = (tierId: string, interval: BillingInterval) => `tier:${tierId}:${interval}`;

/** The new-experiment form as typed, kept as text so a failed submit re-renders exactly what was sent. */
export interface ExperimentValues {
  name: string;
  target: string;
  /** Major units ("25.00"), one per variant row; rows C and D may stay empty. */
  prices: string[];
  weights: string[];
  mode: string;
  conversionWindowDays: string;
  maxDurationDays: string;
  refundToLowest: boolean;
  autoPromote: boolean;
}

export const EXPERIMENT_LABELS: Record<string, string> = {
  name: "Name",
  target: "Price to test",
  ...Object.fromEntries(VARIANT_KEYS.flatMap((k, i) => [[`price${k}`, priceLabel(i)], [`weight${k}`, `Weight ${k}`]])),
  variants: "Price points",
  mode: "Traffic split",
  conversionWindowDays: "Conversion window (days)",
  maxDurationDays: "Maximum duration (days)",
};

export function priceLabel(i: number): string {
  return i === 0 ? "Price A (control)" : `Price ${VARIANT_KEYS[i]}${i >= 2 ? " (optional)" : ""}`;
}

/**
 * A fresh form: the control row holds the target's price today. `prefill` comes from a link
 * (the willingness-to-pay chart suggests prices): the `target`, and up to three `price`s to test
 * against today's price, in the currency's main unit.
 */
export function emptyExperimentValues(targets: TargetOption[], prefill: { target?: string; prices?: string[] } = {}): ExperimentValues {
  const target = targets.find((t) => t.value === prefill.target) ?? targets[0];
  const control = target ? formatMajorAmount(target.current, target.currency) : "";
  const tests = (prefill.prices ?? [])
    .map((p) => p.trim())
    .filter((p) => /^\d{1,9}(\.\d{1,2})?$/.test(p) && Number(p) !== Number(control))
    .slice(0, 3);
  const prices = [control, ...tests, "", "", ""].slice(0, 4);
  const used = prices.filter(Boolean).length;
  const share = String(Math.round(100 / Math.max(2, used)));
  return {
    name: "",
    target: target?.value ?? feeTargetValue,
    prices,
    weights: prices.map((p, i) => (p || i < 2 ? share : "")),
    mode: "fixed",
    conversionWindowDays: "14",
    maxDurationDays: "42",
    refundToLowest: false,
    autoPromote: false,
  };
}

export function readExperimentForm(form: FormBody): ExperimentValues {
  return {
    name: formText(form, "name"),
    target: formText(form, "target"),
    prices: VARIANT_KEYS.map((k) => formText(form, `price${k}`).trim()),
    weights: VARIANT_KEYS.map((k) => formText(form, `weight${k}`).trim()),
    mode: formText(form, "mode"),
    conversionWindowDays: formText(form, "conversionWindowDays").trim(),
    maxDurationDays: formText(form, "maxDurationDays").trim(),
    refundToLowest: formText(form, "refundToLowest") !== "",
    autoPromote: formText(form, "autoPromote") !== "",
  };
}

/** "25.00" -> 2500 in the target's currency, with messages that talk about prices, not fees. */
function readPrice(raw: string, currency: string): { amount: number } | { error: string } {
  if (raw === "") return { error: "Enter a price, like 25.00" };
  const parsed = parseMajorAmount(raw, currency);
  if ("error" in parsed) return { error: parsed.error.replace(/\bfee\b/gi, "price").replace(/^./, (ch) => ch.toUpperCase()) };
  return parsed;
}

function readWeight(raw: string): { weight: number } | { error: string } {
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(raw)) return { error: "Enter a weight between 0 and 100, like 50" };
  const weight = Number(raw);
  return weight > 0 ? { weight } : { error: "A weight must be above 0" };
}

/**
 * Form values -> a validated experiment. Every problem is named by the form's own field
 * (`priceB`, `weightA`, `target`…), whether the form or the shared schema found it.
 */
export function parseExperimentForm(values: ExperimentValues, targets: TargetOption[]): Parsed<ExperimentCreate> {
  const errors: FieldErrors = {};
  const target = targets.find((t) => t.value === values.target);
  if (!target) errors.target = "Choose the application fee or one of your tiers' prices";
  const currency = target?.currency ?? "usd";

  // Rows in use: A and B always, C and D when a price is typed. Their form keys, in order.
  const rows = VARIANT_KEYS.map((key, i) => ({ key, i })).filter(({ i }) => i < 2 || values.prices[i] !== "");
  const allWeightsBlank = rows.every(({ i }) => values.weights[i] === "");
  const variants = rows.map(({ key, i }) => {
    const price = readPrice(values.prices[i]!, currency);
    const weight = allWeightsBlank ? { weight: 1 } : readWeight(values.weights[i]!);
    if ("error" in price) errors[`price${key}`] = price.error;
    if ("error" in weight) errors[`weight${key}`] = weight.error;
    return { price: "amount" in price ? price.amount : 0, weight: "weight" in weight ? weight.weight : 1 };
  });
  if (values.prices[2] === "" && values.prices[3] !== "") errors.priceC = "Fill price C before price D";

  const days: Record<string, number> = {};
  for (const field of ["conversionWindowDays", "maxDurationDays"] as const) {
    const parsed = parseOptionalInt(values[field]);
    if ("error" in parsed || parsed.value == null) errors[field] = "Enter a whole number of days";
    else days[field] = parsed.value;
  }

  const [, tierId, interval] = target && target.value !== feeTargetValue ? target.value.split(":") : [];
  const input = {
    name: values.name,
    target: !target || target.value === feeTargetValue ? "application_fee" : "tier_price",
    ...(tierId ? { tierId, interval } : {}),
    mode: values.mode,
    variants,
    ...days,
    refundToLowest: values.refundToLowest,
    autoPromote: values.autoPromote,
  };
  const result = experimentCreateSchema.safeParse(input);
  const all = { ...(result.success ? {} : experimentFieldErrors(zodIssues(result.error), values)), ...errors };
  if (!result.success || Object.keys(all).length) return { ok: false, errors: all };
  return { ok: true, value: result.data };
}

/**
 * Schema and service issues -> the form's field names: `variants.1.price` is `priceB` (of the
 * rows in use), `tierId` and `interval` are the target select.
 */
export function experimentFieldErrors(issues: FieldIssue[], values: ExperimentValues): FieldErrors {
  const rows = VARIANT_KEYS.filter((_, i) => i < 2 || values.prices[i] !== "");
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const [top, index, leaf] = issue.field.split(".");
    let field = top!;
    if (top === "variants" && index !== undefined && leaf) field = `${leaf}${rows[Number(index)] ?? "A"}`;
    else if (top === "tierId" || top === "interval") field = "target";
    errors[field] ??= issue.message;
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// The sample-size planner: a GET form, computed on the server so it works without JavaScript.

export interface PlannerValues {
  baseline: string;
  daily: string;
  variants: string;
  mode: string;
}

export const PLANNER_LABELS: Record<string, string> = {
  baseline: "Conversion rate today (%)",
  daily: "Visitors per day",
  variants: "Price points",
  mode: "Traffic split",
};

/** The community's own recent traffic, from its experiments' daily counters (null without any). */
export interface RecentTraffic {
  visitorsPerDay: number;
  conversion: number;
  days: number;
}

export interface PlannerResult {
  rows: PlanRow[];
  variants: number;
  daily: number;
  baseline: number;
  bandit: boolean;
  runs: number;
  /** Whether the figures came from the community's counters (nothing typed over them). */
  fromCounters: boolean;
}

/** The form's values: what the owner typed, else the community's recent traffic, else a 3% guess. */
export function readPlanner(query: Record<string, string | undefined>, recent: RecentTraffic | null = null): PlannerValues {
  return {
    baseline: (query.baseline ?? (recent && recent.conversion > 0 ? String(Number((recent.conversion * 100).toFixed(2))) : "3")).trim(),
    daily: (query.daily ?? (recent ? String(Math.round(recent.visitorsPerDay)) : "")).trim(),
    variants: (query.variants ?? "2").trim(),
    mode: (query.mode ?? "fixed").trim(),
  };
}

const DECIMAL = /^\d{1,6}(\.\d{1,4})?$/;
/** Simulated runs per effect, fewer for more prices so a page render stays around a few hundred ms. */
const RUNS_BY_VARIANTS: Record<number, number> = { 2: PLAN_RUNS, 3: 16, 4: 12 };

/**
 * Planner inputs -> the chance that the stopping rule in force names the better price by 2, 4
 * and 6 weeks, simulated at this traffic (see stats/plan.ts), or the fields that need fixing.
 */
export function parsePlanner(values: PlannerValues, recent: RecentTraffic | null = null): { ok: true; result: PlannerResult | null } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const baseline = DECIMAL.test(values.baseline) ? Number(values.baseline) : NaN;
  if (!(baseline > 0 && baseline < 100)) errors.baseline = "Enter a percentage above 0 and below 100, like 3";
  const daily = values.daily === "" ? null : /^\d{1,9}$/.test(values.daily) ? Number(values.daily) : NaN;
  if (daily !== null && !(daily > 0 && daily <= 100_000)) errors.daily = "Enter a whole number of visitors from 1 to 100,000, or leave it empty";
  const variants = /^[234]$/.test(values.variants) ? Number(values.variants) : NaN;
  if (!Number.isFinite(variants)) errors.variants = "Choose 2, 3 or 4 price points";
  if (values.mode !== "fixed" && values.mode !== "bandit") errors.mode = "Choose a fixed split or bandit";
  if (Object.keys(errors).length) return { ok: false, errors };
  if (daily === null) return { ok: true, result: null };
  const bandit = values.mode === "bandit";
  const runs = RUNS_BY_VARIANTS[variants]!;
  const rows = planTest({ visitorsPerDay: daily, conversion: baseline / 100, variants, bandit, runs });
  const fromCounters = !!recent && daily === Math.round(recent.visitorsPerDay) && baseline === Number((recent.conversion * 100).toFixed(2));
  return { ok: true, result: { rows, variants, daily, baseline, bandit, runs, fromCounters } };
}
