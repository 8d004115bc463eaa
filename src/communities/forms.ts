import type { Context } from "hono";
import { safeParse } from "zod/mini";
import type * as core from "zod/v4/core";
import type { AppEnv } from "../app-env";
import type { FieldIssue } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import { minorUnitFactor } from "../ui/format";

/** A submitted HTML form: every field as a list of strings (files are ignored). */
export type FormBody = Record<string, string[]>;

export async function readForm(c: Context<AppEnv>): Promise<FormBody> {
  const raw = await c.req.parseBody({ all: true });
  const out: FormBody = {};
  for (const [key, value] of Object.entries(raw)) {
    const list = Array.isArray(value) ? value : [value];
    out[key] = list.filter((v): v is string => typeof v === "string");
  }
  return out;
}

/** The first value of a field, or "" when it is missing. */
export function formText(form: FormBody, name: string): string {
  return form[name]?.[0] ?? "";
}

/** Field name -> first message, the shape the pages render next to each input. */
export type FieldErrors = Record<string, string>;

export function toFieldErrors(issues: FieldIssue[], rename: Record<string, string> = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const top = issue.field.split(".")[0]!;
    const field = rename[top] ?? top;
    errors[field] ??= issue.message;
  }
  return errors;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Validates `input` with `schema`, adding the errors found while reading the form itself. */
export function validate<S extends core.$ZodType>(
  schema: S,
  input: unknown,
  formErrors: FieldErrors,
  rename: Record<string, string> = {},
): Parsed<core.output<S>> {
  const result = safeParse(schema, input);
  const errors = { ...(result.success ? {} : toFieldErrors(zodIssues(result.error), rename)), ...formErrors };
  if (Object.keys(errors).length || !result.success) return { ok: false, errors };
  return { ok: true, value: result.data };
}

/**
 * "25.00" in a currency's major unit -> 2500 minor units, computed on the digits (no floating
 * point), so "19.99" is exactly 1999. Negative, non-numeric and over-precise amounts are refused.
 */
export function parseMajorAmount(raw: string, currency: string): { amount: number } | { error: string } {
  const text = raw.trim();
  if (text === "") return { error: "Enter a fee, or 0 for no fee" };
  if (text.startsWith("-")) return { error: "Fee cannot be negative" };
  const m = /^(\d{1,9})(?:\.(\d*))?$/.exec(text);
  if (!m) return { error: "Enter the fee as a number, like 25.00" };
  const factor = minorUnitFactor(currency);
  const decimals = String(factor).length - 1;
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) {
    return { error: decimals === 0 ? `${currency.toUpperCase()} has no decimal places` : `Use at most ${decimals} decimal places` };
  }
  return { amount: Number(m[1]) * factor + Number(fraction.padEnd(decimals, "0") || "0") };
}

/** A minor-unit amount back in the form's major-unit notation: 2500, "usd" -> "25.00". */
export function formatMajorAmount(amount: number, currency: string): string {
  const factor = minorUnitFactor(currency);
  return factor === 1 ? String(amount) : (amount / factor).toFixed(String(factor).length - 1);
}

/** An optional whole number from a form: "" -> null, "12" -> 12, anything else an error. */
export function parseOptionalInt(raw: string): { value: number | null } | { error: string } {
  const text = raw.trim();
  if (text === "") return { value: null };
  if (!/^-?\d{1,9}$/.test(text)) return { error: "Enter a whole number" };
  return { value: Number(text) };
}
