import { BILLING_INTERVALS, type BillingInterval, type Tier } from "../../drizzle";
import { formatMajorAmount, formText, parseMajorAmount, parseOptionalInt, validate, type FieldErrors, type FormBody, type Parsed } from "../communities/forms";
import { CURRENCIES } from "../communities/schemas";
import { formatDate, formatMoney } from "../ui/format";
import type { ActivePrices } from "./prices";
import { inviteInputSchema, MIN_PRICE_MINOR, NEEDS_A_PRICE, tierInputSchema, type InviteInput, type TierInput } from "./schemas";

/** The owner's tier forms as typed (kept as text so a failed submit re-renders exactly what was sent). */
export interface TierValues {
  name: string;
  description: string;
  /** One perk per line. */
  perks: string;
  rank: string;
  visibility: string;
  capacity: string;
  trialDays: string;
  /** Amounts in the currency's main unit ("29.00"); empty means no price for that interval. */
  monthly: string;
  yearly: string;
  currency: string;
}

export const TIER_LABELS: Record<string, string> = {
  name: "Name",
  description: "Description",
  perks: "Perks",
  rank: "Rank",
  visibility: "Visibility",
  capacity: "Capacity",
  trialDays: "Trial days",
  monthly: "Monthly price",
  yearly: "Yearly price",
  currency: "Currency",
};

/** Schema and service field names -> the form's. */
export const TIER_FIELD_RENAME: Record<string, string> = { monthlyAmount: "monthly", yearlyAmount: "yearly" };

export const emptyTierValues = (rank: number, currency: string): TierValues => ({
  name: "",
  description: "",
  perks: "",
  rank: String(rank),
  visibility: "public",
  capacity: "",
  trialDays: "0",
  monthly: "",
  yearly: "",
  currency,
});

export function tierValuesOf(tier: Tier, prices: ActivePrices): TierValues {
  const amount = (i: BillingInterval) => (prices[i] ? formatMajorAmount(prices[i].amount, tier.currency) : "");
  return {
    name: tier.name,
    description: tier.description,
    perks: tier.perks.join("\n"),
    rank: String(tier.rank),
    visibility: tier.visibility,
    capacity: tier.capacity == null ? "" : String(tier.capacity),
    trialDays: String(tier.trialDays),
    monthly: amount("month"),
    yearly: amount("year"),
    currency: tier.currency,
  };
}

export function readTierForm(form: FormBody, fixedCurrency?: string): TierValues {
  return {
    name: formText(form, "name"),
    description: formText(form, "description").replace(/\r\n/g, "\n"),
    perks: formText(form, "perks").replace(/\r\n/g, "\n"),
    rank: formText(form, "rank"),
    visibility: formText(form, "visibility"),
    capacity: formText(form, "capacity"),
    trialDays: formText(form, "trialDays"),
    monthly: formText(form, "monthly"),
    yearly: formText(form, "yearly"),
    currency: fixedCurrency ?? formText(form, "currency"),
  };
}

/** "29.00" -> 2900; empty -> null (no price for that interval). */
function parsePrice(raw: string, currency: string): { amount: number | null } | { error: string } {
  if (raw.trim() === "") return { amount: null };
  const parsed = parseMajorAmount(raw, currency);
  if ("error" in parsed) return { error: parsed.error.replace(/\bfee\b/gi, "price").replace(/^./, (ch) => ch.toUpperCase()) };
  if (parsed.amount < MIN_PRICE_MINOR) return { error: `A price must be at least ${formatMoney(MIN_PRICE_MINOR, currency)}, or empty for none` };
  return parsed;
}

function readInt(raw: string, fallback: number | null, required: string | null): { value: number | null } | { error: string } {
  const parsed = parseOptionalInt(raw);
  if ("error" in parsed) return parsed;
  if (parsed.value == null && required) return { error: required };
  return { value: parsed.value ?? fallback };
}

/** Form values -> a validated tier; the form's own problems and the schema's, by field. */
export function parseTierForm(values: TierValues): Parsed<TierInput> {
  const errors: FieldErrors = {};
  const currency = (CURRENCIES as readonly string[]).includes(values.currency) ? values.currency : "usd";
  const numbers: Record<string, number | null> = {};
  const ints = { rank: readInt(values.rank, null, "Enter a rank from 1 to 100"), capacity: readInt(values.capacity, null, null), trialDays: readInt(values.trialDays, 0, null) };
  for (const [field, parsed] of Object.entries(ints)) {
    if ("error" in parsed) errors[field] = parsed.error;
    else numbers[field] = parsed.value;
  }
  for (const interval of BILLING_INTERVALS) {
    const field = interval === "month" ? "monthly" : "yearly";
    const parsed = parsePrice(values[field], currency);
    if ("error" in parsed) errors[field] = parsed.error;
    else numbers[`${field}Amount`] = parsed.amount;
  }
  const input = {
    name: values.name,
    description: values.description,
    perks: values.perks.split("\n").map((p) => p.trim()).filter(Boolean),
    visibility: values.visibility,
    currency: values.currency,
    ...numbers,
  };
  const result = validate(tierInputSchema, input, errors, TIER_FIELD_RENAME);
  // A price typed wrong is not a price left out: only its own error is shown, not "give a price" on the other.
  if (!result.ok && (errors.monthly || errors.yearly)) {
    for (const field of ["monthly", "yearly"]) if (result.errors[field] === NEEDS_A_PRICE) delete result.errors[field];
  }
  return result;
}

export interface MigrationValues {
  interval: string;
  effectiveAt: string;
  reason: string;
}

export const MIGRATION_LABELS: Record<string, string> = { interval: "Which price", effectiveAt: "Effective date", reason: "Reason" };

export function readMigrationForm(form: FormBody): MigrationValues {
  return { interval: formText(form, "interval"), effectiveAt: formText(form, "effectiveAt").trim(), reason: formText(form, "reason") };
}

/** "2026-08-01" -> midnight UTC of that day. */
export function parseDay(raw: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const date = new Date(`${raw}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || formatDate(date) !== raw ? null : date;
}

export const INVITE_LABELS: Record<string, string> = { email: "Only for this email", maxUses: "Number of uses", days: "Valid for (days)" };

export interface InviteValues {
  email: string;
  maxUses: string;
  days: string;
}

export const emptyInviteValues = (): InviteValues => ({ email: "", maxUses: "1", days: "14" });

export function readInviteForm(form: FormBody): InviteValues {
  return { email: formText(form, "email").trim(), maxUses: formText(form, "maxUses"), days: formText(form, "days") };
}

export function parseInviteForm(values: InviteValues): Parsed<InviteInput> {
  const errors: FieldErrors = {};
  const numbers: Record<string, number> = {};
  for (const [field, fallback] of [["maxUses", 1], ["days", 14]] as const) {
    const parsed = readInt(values[field], fallback, null);
    if ("error" in parsed) errors[field] = parsed.error;
    else numbers[field] = parsed.value!;
  }
  return validate(inviteInputSchema, { ...(values.email ? { email: values.email } : {}), ...numbers }, errors);
}
