import type { Answers, Question } from "../../drizzle";
import type { FieldIssue } from "../lib/errors";

/** Defaults when an owner sets no limit: enough for real answers, small enough to keep rows lean. */
export const DEFAULT_MAX_LENGTH = { short_text: 200, long_text: 5000, url: 500, email: 254 } as const;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type RawAnswer = string | number | string[] | undefined | null;

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
    if (result instanceof Invalid) issues.push({ field: `answers.${q.id}`, message: result.message });
    else if (result !== undefined) answers[q.id] = result;
  }
  return { answers, issues };
}

function isBlank(v: RawAnswer): boolean {
  if (v == null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return String(v).trim() === "";
}

/** Why an answer was refused. */
class Invalid {
  constructor(readonly message: string) {}
}
const invalid = (message: string) => new Invalid(message);

type Checked = string | number | string[] | Invalid;

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
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n)) return invalid("Enter a number");
  if (q.minValue != null && n < q.minValue) return invalid(`Must be at least ${q.minValue}`);
  if (q.maxValue != null && n > q.maxValue) return invalid(`Must be at most ${q.maxValue}`);
  return n;
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
    if (picked == null) continue;
    for (const option of Array.isArray(picked) ? picked : [String(picked)]) {
      const action = q.knockout[option];
      if (action) result[action].push(`${q.label}: ${option}`);
    }
  }
  return result;
}
