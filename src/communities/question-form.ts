import type { KnockoutAction, Question, QuestionKind } from "../../drizzle";
import { formText, parseOptionalInt, validate, type FieldErrors, type FormBody, type Parsed } from "./forms";
import { questionSchema, type QuestionInput } from "./schemas";

/** The question form as typed, kept as text so a failed submit re-renders exactly what was sent. */
export interface QuestionValues {
  kind: string;
  label: string;
  help: string;
  required: boolean;
  /** One option per line. */
  options: string;
  minLength: string;
  maxLength: string;
  minValue: string;
  maxValue: string;
  /** Per-option selects (edit form): option -> "reject" | "flag". */
  knockout: Record<string, string>;
  /** Lines of `Option => reject|flag` (add form). */
  knockoutRules: string;
  /** "" (not on profiles) or a profile role. */
  profileRole: string;
}

export const KIND_LABELS: Record<QuestionKind, string> = {
  short_text: "Short text",
  long_text: "Long text",
  single_choice: "Single choice",
  multi_choice: "Multiple choice",
  number: "Number",
  url: "URL",
  email: "Email",
  van_westendorp: "Willingness to pay (4 prices)",
};

export const QUESTION_LABELS: Record<string, string> = {
  kind: "Kind",
  label: "Question",
  help: "Help text",
  required: "Required",
  options: "Options",
  minLength: "Minimum length",
  maxLength: "Maximum length",
  minValue: "Minimum value",
  maxValue: "Maximum value",
  knockout: "Knockout rules",
  profileRole: "On member profiles",
};

/** Form fields named `knockout:<option>` carry the per-option knockout select. */
export const KNOCKOUT_FIELD_PREFIX = "knockout:";
const INT_FIELDS = ["minLength", "maxLength", "minValue", "maxValue"] as const;

export const emptyQuestionValues = (): QuestionValues => ({
  kind: "short_text",
  label: "",
  help: "",
  required: false,
  options: "",
  minLength: "",
  maxLength: "",
  minValue: "",
  maxValue: "",
  knockout: {},
  knockoutRules: "",
  profileRole: "",
});

export function questionValuesOf(q: Question): QuestionValues {
  const num = (n: number | null) => (n == null ? "" : String(n));
  return {
    kind: q.kind,
    label: q.label,
    help: q.help,
    required: q.required,
    options: q.options.join("\n"),
    minLength: num(q.minLength),
    maxLength: num(q.maxLength),
    minValue: num(q.minValue),
    maxValue: num(q.maxValue),
    knockout: { ...q.knockout },
    knockoutRules: "",
    profileRole: q.profileRole ?? "",
  };
}

export function readQuestionForm(form: FormBody): QuestionValues {
  const knockout: Record<string, string> = {};
  for (const [key, values] of Object.entries(form)) {
    if (key.startsWith(KNOCKOUT_FIELD_PREFIX)) knockout[key.slice(KNOCKOUT_FIELD_PREFIX.length)] = values[0] ?? "";
  }
  return {
    kind: formText(form, "kind"),
    label: formText(form, "label"),
    help: formText(form, "help").replace(/\r\n/g, "\n"),
    required: formText(form, "required") !== "",
    options: formText(form, "options"),
    minLength: formText(form, "minLength"),
    maxLength: formText(form, "maxLength"),
    minValue: formText(form, "minValue"),
    maxValue: formText(form, "maxValue"),
    knockout,
    knockoutRules: formText(form, "knockoutRules"),
    profileRole: formText(form, "profileRole"),
  };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Per-option selects and `Option => action` lines, merged; "none" (or blank) means no rule. */
function readKnockout(values: QuestionValues): { rules: Record<string, KnockoutAction> } | { error: string } {
  const rules: Record<string, KnockoutAction> = {};
  for (const [option, action] of Object.entries(values.knockout)) {
    if (action === "" || action === "none") continue;
    if (action !== "reject" && action !== "flag") return { error: `Choose none, reject or flag for "${option}"` };
    rules[option.trim()] = action;
  }
  for (const [i, line] of lines(values.knockoutRules).entries()) {
    const m = /^(.+?)\s*=>\s*(reject|flag)$/i.exec(line);
    if (!m) return { error: `Line ${i + 1}: write each rule as "Option => reject" or "Option => flag"` };
    rules[m[1]!.trim()] = m[2]!.toLowerCase() as KnockoutAction;
  }
  return { rules };
}

/** Form values -> a validated question; form-level problems and the schema's rules named by field. */
export function parseQuestion(values: QuestionValues): Parsed<QuestionInput> {
  const errors: FieldErrors = {};
  const ints: Record<string, number | null> = {};
  for (const field of INT_FIELDS) {
    const parsed = parseOptionalInt(values[field]);
    if ("error" in parsed) errors[field] = parsed.error;
    else ints[field] = parsed.value;
  }
  const knockout = readKnockout(values);
  if ("error" in knockout) errors.knockout = knockout.error;
  const input = {
    kind: values.kind,
    label: values.label,
    help: values.help.trim(),
    required: values.required,
    options: lines(values.options),
    ...ints,
    knockout: "rules" in knockout ? knockout.rules : {},
    profileRole: values.profileRole || null,
  };
  return validate(questionSchema, input, errors);
}
