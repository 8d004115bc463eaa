import type { BillingInterval } from "../../drizzle";
import { formatMajorAmount, formText, parseMajorAmount, parseOptionalInt, type FieldErrors, type FormBody, type Parsed } from "../communities/forms";
import type { FieldIssue } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import { daysToDecision, sampleSizePerVariant } from "./stats";
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
  lift: string;
  daily: string;
  variants: string;
}

export const PLANNER_LABELS: Record<string, string> = {
  baseline: "Conversion rate today (%)",
  lift: "Smallest lift worth detecting (%)",
  daily: "Visitors per day",
  variants: "Price points",
};

export interface PlannerResult {
  /** Visitors per variant for 80% power at two-sided α = 0.05. */
  perVariant: number;
  variants: number;
  /** Days at the given traffic, or null when no traffic was given. */
  days: number | null;
  daily: number | null;
  /** Per variant, what the stopping rule needs at least: 100 exposures and 30 conversions. */
  ruleMinimum: number;
  ruleDays: number | null;
}

export function readPlanner(query: Record<string, string | undefined>): PlannerValues {
  return {
    baseline: (query.baseline ?? "3").trim(),
    lift: (query.lift ?? "20").trim(),
    daily: (query.daily ?? "").trim(),
    variants: (query.variants ?? "2").trim(),
  };
}

const DECIMAL = /^\d{1,6}(\.\d{1,4})?$/;

/** Planner inputs -> per-variant sample and days, or the fields that need fixing. */
export function parsePlanner(values: PlannerValues): { ok: true; result: PlannerResult } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const baseline = DECIMAL.test(values.baseline) ? Number(values.baseline) : NaN;
  if (!(baseline > 0 && baseline < 100)) errors.baseline = "Enter a percentage above 0 and below 100, like 3";
  const lift = DECIMAL.test(values.lift) ? Number(values.lift) : NaN;
  if (!(lift > 0 && lift <= 1000)) errors.lift = "Enter a percentage above 0, like 20";
  const daily = values.daily === "" ? null : /^\d{1,9}$/.test(values.daily) ? Number(values.daily) : NaN;
  if (daily !== null && !(daily > 0)) errors.daily = "Enter a whole number of visitors above 0, or leave it empty";
  const variants = /^[234]$/.test(values.variants) ? Number(values.variants) : NaN;
  if (!Number.isFinite(variants)) errors.variants = "Choose 2, 3 or 4 price points";
  if (Object.keys(errors).length) return { ok: false, errors };
  const p = baseline / 100;
  const perVariant = sampleSizePerVariant(p, lift / 100);
  const ruleMinimum = Math.max(100, Math.ceil(30 / p));
  return {
    ok: true,
    result: {
      perVariant,
      variants,
      daily,
      days: daily ? daysToDecision(perVariant, variants, daily) : null,
      ruleMinimum,
      ruleDays: daily ? Math.max(7, daysToDecision(ruleMinimum, variants, daily)) : null,
    },
  };
}

/** 12690 -> "12,700": three significant figures, because the inputs are guesses too. */
export function about(n: number): string {
  if (!Number.isFinite(n)) return "∞";
  const digits = Math.max(0, Math.floor(Math.log10(Math.max(1, n))) + 1 - 3);
  const rounded = Math.round(n / 10 ** digits) * 10 ** digits;
  return rounded.toLocaleString("en-US");
}
