import type { Answers, AnswerValue, PriceSensitivityAnswer, Question } from "../../drizzle";
import type { FieldIssue } from "../lib/errors";
import { formatMoney, minorUnitFactor } from "../ui/format";

/** Defaults when an owner sets no limit: enough for real answers, small enough to keep rows lean. */
export const DEFAULT_MAX_LENGTH = { short_text: 200, long_text: 5000, url: 500, email: 254 } as const;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type RawAnswer = string | number | string[] | Record<string, unknown> | undefined | null;

/**
 * The four prices of a Van Westendorp question, in the order asked (and in the order the form
 * posts them): each must be at least the one before it.
 */
export const PRICE_SENSITIVITY_FIELDS = [
  { key: "tooCheap", label: "At what price would it be so cheap you'd doubt its quality?", short: "Too cheap" },
  { key: "cheap", label: "At what price would it be a bargain?", short: "A bargain" },
  { key: "expensive", label: "At what price would it be getting expensive, but still worth considering?", short: "Getting expensive" },
  { key: "tooExpensive", label: "At what price would it be too expensive to consider?", short: "Too expensive" },
] as const satisfies readonly { key: keyof PriceSensitivityAnswer; label: string; short: string }[];

/** The highest price accepted in a Van Westendorp answer: guards against typos, not opinions. */
const MAX_PRICE = 10_000_000;

export interface AnswerCheck {
  answers: Answers;
  issues: FieldIssue[];
}

/**
 * Validates raw answers (form strings or JSON values) against the community's questions.
 * Errors are keyed `answers.<questionId>` so forms and the API name the same field.
 */
export function validateAnswers(questions: Question[], raw: Record<string, unknown>): AnswerCheck {
  const answers: Answers = {};
  const issues: FieldIssue[] = [];
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) issues.push({ field: `answers.${key}`, message: "Unknown question" });
  }
  for (const q of questions) {
    const result = checkAnswer(q, raw[q.id] as RawAnswer);
    if (result instanceof InvalidParts) issues.push(...result.parts.map((p) => ({ field: `answers.${q.id}.${p.key}`, message: p.message })));
    else if (result instanceof Invalid) issues.push({ field: `answers.${q.id}`, message: result.message });
    else if (result !== undefined) answers[q.id] = result;
  }
  return { answers, issues };
}

function isBlank(v: RawAnswer): boolean {
  if (v == null) return true;
  // A form posts every input, so four empty price boxes arrive as four empty strings.
  if (Array.isArray(v)) return v.every((x) => String(x).trim() === "");
  if (typeof v === "object") return Object.values(v).every((x) => x == null || String(x).trim() === "");
  return String(v).trim() === "";
}

/** Why an answer was refused. */
class Invalid {
  constructor(readonly message: string) {}
}
const invalid = (message: string) => new Invalid(message);

/** Why parts of a multi-part answer were refused, each named (`answers.<id>.tooCheap`). */
class InvalidParts {
  constructor(readonly parts: { key: string; message: string }[]) {}
}

type Checked = AnswerValue | Invalid | InvalidParts;

/** Returns the cleaned value, undefined for a blank optional answer, or why it is invalid. */
function checkAnswer(q: Question, value: RawAnswer): Checked | undefined {
  if (isBlank(value)) return q.required ? invalid("This question is required") : undefined;
  switch (q.kind) {
    case "short_text":
    case "long_text":
    case "url":
    case "email":
      return checkText(q, value!);
    case "number":
      return checkNumber(q, value!);
    case "van_westendorp":
      return checkPriceSensitivity(value!);
    case "single_choice":
      if (typeof value !== "string") return invalid("Choose one option");
      return q.options.includes(value) ? value : invalid("Choose one of the listed options");
    case "multi_choice": {
      const list = Array.isArray(value) ? value : [value];
      if (!list.every((v) => typeof v === "string")) return invalid("Choose from the listed options");
      const picked = [...new Set(list as string[])];
      if (picked.some((v) => !q.options.includes(v))) return invalid("Choose only from the listed options");
      return picked;
    }
  }
}

function checkText(q: Question, value: NonNullable<RawAnswer>): Checked {
  if (typeof value !== "string") return invalid("Expected text");
  const text = value.replace(/\r\n/g, "\n").trim();
  const max = q.maxLength ?? DEFAULT_MAX_LENGTH[q.kind as keyof typeof DEFAULT_MAX_LENGTH];
  if (q.kind !== "long_text" && text.includes("\n")) return invalid("Must be a single line");
  if (text.length > max) return invalid(`Must be at most ${max} characters (now ${text.length})`);
  if (q.minLength != null && text.length < q.minLength) return invalid(`Must be at least ${q.minLength} characters`);
  if (q.kind === "email" && !EMAIL_RE.test(text)) return invalid("Enter an email address like name@example.com");
  if (q.kind === "url") {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return invalid("Enter a full web address starting with https://");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return invalid("Web addresses must start with http:// or https://");
  }
  return text;
}

function checkNumber(q: Question, value: NonNullable<RawAnswer>): Checked {
  if (typeof value === "object") return invalid("Enter a number");
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n)) return invalid("Enter a number");
  if (q.minValue != null && n < q.minValue) return invalid(`Must be at least ${q.minValue}`);
  if (q.maxValue != null && n > q.maxValue) return invalid(`Must be at most ${q.maxValue}`);
  return n;
}

/**
 * The four prices, from the form (four values in the order asked) or the API (an object keyed
 * tooCheap, cheap, expensive, tooExpensive). Each must be a number of 0 or more, and each at
 * least the one before it; every bad part is named on its own.
 */
function checkPriceSensitivity(value: NonNullable<RawAnswer>): Checked {
  if (typeof value !== "object" || (Array.isArray(value) && value.length !== PRICE_SENSITIVITY_FIELDS.length)) return invalid("Answer the four price questions");
  const raw: Record<string, unknown> = Array.isArray(value) ? Object.fromEntries(PRICE_SENSITIVITY_FIELDS.map((f, i) => [f.key, value[i]])) : value;
  const parts: { key: string; message: string }[] = [];
  for (const key of Object.keys(raw)) if (!PRICE_SENSITIVITY_FIELDS.some((f) => f.key === key)) parts.push({ key, message: "Unknown field" });
  const prices: Partial<PriceSensitivityAnswer> = {};
  let previous: { short: string; price: number } | null = null;
  for (const f of PRICE_SENSITIVITY_FIELDS) {
    const price = readPrice(raw[f.key]);
    if (typeof price === "string") {
      parts.push({ key: f.key, message: price });
      previous = null;
      continue;
    }
    if (previous && price < previous.price) parts.push({ key: f.key, message: `Must be at least your “${previous.short.toLowerCase()}” price (${previous.price})` });
    prices[f.key] = price;
    previous = { short: f.short, price };
  }
  return parts.length ? new InvalidParts(parts) : (prices as PriceSensitivityAnswer);
}

/** A price typed or sent as a number: the number, or why it is not one. */
function readPrice(v: unknown): number | string {
  if (v == null || (typeof v === "string" && v.trim() === "")) return "Enter a price";
  const text = typeof v === "number" ? String(v) : typeof v === "string" ? v.trim() : "";
  if (/^-\s*\d/.test(text) || (typeof v === "number" && v < 0)) return "Enter a price of 0 or more";
  if (typeof v === "number" ? !Number.isFinite(v) : !/^\d{1,9}(\.\d{1,2})?$/.test(text)) return "Enter a price as a number, like 25 or 19.99";
  const n = Number(text);
  return n > MAX_PRICE ? "That price is too large" : n;
}

export function isPriceSensitivity(v: unknown): v is PriceSensitivityAnswer {
  return typeof v === "object" && v !== null && !Array.isArray(v) && PRICE_SENSITIVITY_FIELDS.every((f) => typeof (v as Record<string, unknown>)[f.key] === "number");
}

/** The four prices as labelled parts, "Too cheap: $10.00", in the currency when it is known. */
export function priceSensitivityParts(v: PriceSensitivityAnswer, currency?: string): { label: string; value: string }[] {
  return PRICE_SENSITIVITY_FIELDS.map((f) => ({
    label: f.short,
    value: currency ? formatMoney(Math.round(v[f.key] * minorUnitFactor(currency)), currency) : String(v[f.key]),
  }));
}

/** Any answer in one line of text, for status pages and anywhere a plain string is wanted. */
export function formatAnswer(value: AnswerValue, currency?: string): string {
  if (Array.isArray(value)) return value.join(", ");
  if (isPriceSensitivity(value)) return priceSensitivityParts(value, currency).map((p) => `${p.label}: ${p.value}`).join(" · ");
  return String(value);
}

export interface KnockoutResult {
  reject: string[];
  flag: string[];
}

/** Which answers trip the owner's knockout rules; each entry says which question and option. */
export function evaluateKnockouts(questions: Question[], answers: Answers): KnockoutResult {
  const result: KnockoutResult = { reject: [], flag: [] };
  for (const q of questions) {
    const picked = answers[q.id];
    // Knockout rules name choice options; prices and other objects never trip them.
    if (picked == null || (typeof picked === "object" && !Array.isArray(picked))) continue;
    for (const option of Array.isArray(picked) ? picked : [String(picked)]) {
      const action = q.knockout[option];
      if (action) result[action].push(`${q.label}: ${option}`);
    }
  }
  return result;
}
