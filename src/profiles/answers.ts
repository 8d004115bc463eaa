import { and, asc, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { applications, profileAnswers, profileFacets, questions, type AnswerValue, type ProfileRole, type Question } from "../../drizzle";
import { chunk, type Db } from "../lib/db";
import { AppError } from "../lib/errors";

/**
 * Application answers on profiles. An answer reaches a profile only when the owner flagged its
 * question (`questions.profile_role`) and the member chose to show it; it is then copied from the
 * member's approved application into `profile_answers`, and its values into `profile_facets`, the
 * index the directory filters and introductions read. Nothing else of the application is read.
 */

export type ProfileQuestion = Pick<Question, "id" | "label" | "kind" | "position" | "options"> & { profileRole: ProfileRole };

/** Facet ids that are not questions: the profile's city and the words of the display name. */
export const CITY_FACET = "city";
export const NAME_FACET = "name";
/** Values kept per answer in the index: a long list of hobbies still costs a bounded write. */
const MAX_VALUES = 12;
const MAX_VALUE = 60;

/** The live questions the owner put on profiles, in questionnaire order. */
export function profileQuestionsQuery(db: Db, communityId: string) {
  return db
    .select({ id: questions.id, label: questions.label, kind: questions.kind, position: questions.position, options: questions.options, profileRole: questions.profileRole })
    .from(questions)
    .where(and(eq(questions.communityId, communityId), isNull(questions.archivedAt), isNotNull(questions.profileRole)))
    .orderBy(asc(questions.position), asc(questions.createdAt));
}

/** The answers of the person's newest approved application: the only ones a profile may show. */
export function approvedAnswersQuery(db: Db, communityId: string, email: string) {
  return db
    .select({ answers: applications.answers })
    .from(applications)
    .where(and(eq(applications.communityId, communityId), eq(applications.email, email), eq(applications.status, "approved")))
    .orderBy(desc(applications.createdAt))
    .limit(1);
}

/** The answers a member shows (copied when they chose), for one person or a page of people. */
export function shownAnswersQuery(db: Db, communityId: string, email: string) {
  return db
    .select({ questionId: profileAnswers.questionId, value: profileAnswers.value })
    .from(profileAnswers)
    .where(and(eq(profileAnswers.communityId, communityId), eq(profileAnswers.email, email)));
}

/** The normalised key a value is filtered and matched by: "  Bouldering " and "bouldering" meet. */
export function valueKey(label: string): string {
  return label.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
}

/** An answer as plain text for a profile ("Chess, cycling"); prices never get here (see PROFILE_KINDS). */
export function answerText(value: AnswerValue): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return "";
  return String(value);
}

/** Answers in questionnaire order as labelled text, leaving out questions without one. */
export function labelledAnswers(questions: ProfileQuestion[], valueOf: (questionId: string) => AnswerValue | null | undefined): { questionId: string; label: string; text: string }[] {
  return questions.flatMap((q) => {
    const value = valueOf(q.id);
    const text = value != null ? answerText(value) : "";
    return text.trim() ? [{ questionId: q.id, label: q.label, text }] : [];
  });
}

/**
 * The values an answer is filtered and matched by: each choice; a short text split at commas,
 * semicolons, slashes, middle dots and "and" ("Trail running, sourdough"); a number as itself. Long texts are
 * shown but not indexed: a paragraph is not a value two people share.
 */
export function answerValues(kind: Question["kind"], value: AnswerValue): { key: string; label: string }[] {
  let parts: string[];
  if (kind === "long_text" || (typeof value === "object" && !Array.isArray(value))) return [];
  if (Array.isArray(value)) parts = value;
  else if (kind === "short_text") parts = String(value).split(/[,;/·•|]|\s+and\s+|\s+&\s+/iu);
  else parts = [String(value)];
  const out = new Map<string, string>();
  for (const part of parts) {
    const label = part.replace(/\s+/gu, " ").trim().slice(0, MAX_VALUE);
    const key = valueKey(label);
    if (key && !out.has(key)) out.set(key, label);
    if (out.size >= MAX_VALUES) break;
  }
  return [...out].map(([key, label]) => ({ key, label }));
}

/** Where a display name, or a name search, splits into words. */
export const NAME_SEPARATORS = /[\s\-'’.]+/u;

/**
 * The directory's name search rows: every prefix of every word of the display name ("maya" gives
 * "m", "ma", "may", "maya"), each once, labelled with its word. A search word is then an equality
 * on the facet index, read newest first and stopped after a page, instead of a range over every
 * name that starts with it, sorted. A name is at most MAX_NAME characters, so at most that many rows.
 */
export function namePrefixes(name: string): { key: string; label: string }[] {
  const out = new Map<string, string>();
  for (const word of valueKey(name).split(NAME_SEPARATORS).filter((w) => w.length > 0).slice(0, MAX_VALUES)) {
    const chars = Array.from(word);
    for (let n = 1; n <= chars.length; n++) {
      const key = chars.slice(0, n).join("");
      if (!out.has(key)) out.set(key, word);
    }
  }
  return [...out].map(([key, label]) => ({ key, label }));
}

/**
 * The answers to keep on a profile: `chosen` question ids, each a live profile question the
 * member answered on their approved application. Anything else is refused by name, so a save
 * never shows less (or more) than the member asked for.
 */
export function pickAnswers(profileQuestions: ProfileQuestion[], answers: Record<string, AnswerValue> | null, chosen: readonly string[]): { questionId: string; value: AnswerValue }[] {
  const out: { questionId: string; value: AnswerValue }[] = [];
  for (const id of new Set(chosen)) {
    const question = profileQuestions.find((q) => q.id === id);
    if (!question) throw AppError.validation([{ field: "shownQuestions", message: `Unknown profile question: ${id.slice(0, 40)}` }]);
    const value = answers?.[id];
    if (value == null || answerText(value).trim() === "") {
      throw AppError.validation([{ field: "shownQuestions", message: `You gave no answer to "${question.label}" on your application, so there is nothing to show` }]);
    }
    out.push({ questionId: id, value });
  }
  return out;
}

interface FacetInput {
  communityId: string;
  email: string;
  publicId: string;
  sortKey: number;
  displayName: string;
  city: string | null;
  answers: { questionId: string; value: AnswerValue }[];
  questions: ProfileQuestion[];
}

/** The statements that replace one member's shown answers and index rows; part of the save's batch. */
export function profileIndexStatements(db: Db, input: FacetInput) {
  const { communityId, email, publicId, sortKey } = input;
  const facet = (questionId: string) => (v: { key: string; label: string }) => ({ communityId, questionId, valueKey: v.key, label: v.label, email, sortKey, publicId });
  const rows = [
    ...namePrefixes(input.displayName).map(facet(NAME_FACET)),
    ...(input.city ? [{ key: valueKey(input.city), label: input.city }].map(facet(CITY_FACET)) : []),
    ...input.answers.flatMap((a) => answerValues(input.questions.find((q) => q.id === a.questionId)!.kind, a.value).map(facet(a.questionId))),
  ];
  return [
    db.delete(profileAnswers).where(and(eq(profileAnswers.communityId, communityId), eq(profileAnswers.email, email))),
    db.delete(profileFacets).where(and(eq(profileFacets.communityId, communityId), eq(profileFacets.email, email))),
    ...(input.answers.length ? [db.insert(profileAnswers).values(input.answers.map((a) => ({ communityId, email, ...a })))] : []),
    // D1 caps bound parameters at 100 per statement: seven columns a row, so fourteen rows a statement.
    ...chunk(rows, 14).map((part) => db.insert(profileFacets).values(part).onConflictDoNothing()),
  ];
}
