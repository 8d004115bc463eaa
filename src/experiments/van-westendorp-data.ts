import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import { applications, questions, type Question } from "../../drizzle";
import { isPriceSensitivity } from "../applications/answers";
import type { Db } from "../lib/db";
import { niceStep } from "./plots/scale";
import type { VanWestendorpResponse, VanWestendorpResult } from "./stats";

/** Answers read per chart: plenty for the curves, and a bound on the work one page load does. */
export const MAX_RESPONSES = 5000;

/** The community's willingness-to-pay questions, archived ones too (their answers still count). */
export async function priceQuestions(db: Db, communityId: string): Promise<Question[]> {
  return db
    .select()
    .from(questions)
    .where(and(eq(questions.communityId, communityId), eq(questions.kind, "van_westendorp")))
    .orderBy(asc(questions.position));
}

/**
 * The four prices every applicant gave to one question, newest first, up to MAX_RESPONSES.
 * SQLite reads the one answer out of the JSON, so the page never loads whole applications.
 */
export async function priceResponses(db: Db, communityId: string, questionId: string): Promise<VanWestendorpResponse[]> {
  // Question ids are generated ("q_…"); the quoted path keeps any id a single JSON key.
  const path = `$."${questionId.replace(/["\\]/g, "")}"`;
  const answer = sql<string | null>`json_extract(${applications.answers}, ${path})`;
  const rows = await db
    .select({ answer })
    .from(applications)
    .where(and(eq(applications.communityId, communityId), isNotNull(answer)))
    .orderBy(desc(applications.createdAt))
    .limit(MAX_RESPONSES);
  const out: VanWestendorpResponse[] = [];
  for (const row of rows) {
    try {
      const value: unknown = typeof row.answer === "string" ? JSON.parse(row.answer) : row.answer;
      if (isPriceSensitivity(value)) out.push({ tooCheap: value.tooCheap, cheap: value.cheap, expensive: value.expensive, tooExpensive: value.tooExpensive });
    } catch {
      // Not an object answer (the question changed kind): not a price answer, left out.
    }
  }
  return out;
}

export interface PriceSuggestion {
  /** Prices to test, in the currency's main unit, inside the acceptable range, ascending. */
  prices: number[];
  range: { lower: number; upper: number };
}

/**
 * Up to three prices to test inside the acceptable range (lower bound to upper bound): the
 * optimal price, the indifference price, and one between it and the upper bound, rounded to
 * a price step that suits the range (whole units at least). Null without a range.
 */
export function suggestPrices(result: VanWestendorpResult): PriceSuggestion | null {
  const { lowerBound: lower, upperBound: upper } = result;
  if (lower == null || upper == null || !(upper > lower)) return null;
  const step = Math.max(1, niceStep(upper - lower, 8));
  const min = Math.ceil(lower / step) * step;
  const max = Math.floor(upper / step) * step;
  if (max < min) return { prices: [Math.round((lower + upper) / 2)], range: { lower, upper } };
  const anchor = result.indifferencePrice ?? (lower + upper) / 2;
  const candidates = [result.optimalPrice ?? lower + (anchor - lower) / 2, anchor, anchor + (upper - anchor) / 2];
  const rounded = candidates.map((p) => Math.min(max, Math.max(min, Math.round(p / step) * step)));
  const prices = [...new Set(rounded.map((p) => Number(p.toFixed(2))))].sort((a, b) => a - b);
  return { prices, range: { lower, upper } };
}
