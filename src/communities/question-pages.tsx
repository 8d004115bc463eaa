import { QUESTION_KINDS, type Community, type Question } from "../../drizzle";
import type { StaffAccess } from "../auth/roles";
import { AdminLayout, ErrorSummary } from "./admin-layout";
import { Checkbox, SelectField, TextArea, TextField } from "./fields";
import type { FieldErrors } from "./forms";
import { emptyQuestionValues, KIND_LABELS, KNOCKOUT_FIELD_PREFIX, QUESTION_LABELS, questionValuesOf, type QuestionValues } from "./question-form";

const KIND_OPTIONS = QUESTION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));
const KNOCKOUT_OPTIONS = [
  { value: "none", label: "None" },
  { value: "reject", label: "Reject at once" },
  { value: "flag", label: "Flag for review" },
] as const;
const PROFILE_OPTIONS = [
  { value: "", label: "No: reviewers only" },
  { value: "shown", label: "Yes: shown and filterable (role, industry)" },
  { value: "interests", label: "Yes, as interests: shared ones introduce people (hobbies, city life)" },
  { value: "offers", label: "Yes, as what they offer: met with others' needs (skills)" },
  { value: "needs", label: "Yes, as what they need: met with others' offers" },
];
const PROFILE_BADGES: Record<string, string> = { shown: "On profiles", interests: "On profiles · interests", offers: "On profiles · offers", needs: "On profiles · needs" };
const isChoice = (kind: string) => kind === "single_choice" || kind === "multi_choice";

/** A form being re-shown after a failed submit: which one, what was typed, what was wrong. */
export interface QuestionFormState {
  /** A question id, or "new" for the add form. */
  target: string;
  values: QuestionValues;
  errors: FieldErrors;
}

export interface QuestionsPageProps {
  community: Community;
  role: StaffAccess;
  questions: Question[];
  failed?: QuestionFormState;
  flash?: string | null;
  error?: string | null;
}

export function QuestionsPage({ community, role, questions, failed, flash, error }: QuestionsPageProps) {
  const base = `/c/${community.slug}/admin/questions`;
  const stateFor = (target: string) => (failed?.target === target ? failed : undefined);
  return (
    <AdminLayout community={community} role={role} title="Questions" current="questions" flash={flash} error={error}>
      <h1>Questionnaire</h1>
      <p class="lead">Applicants answer these in order. Archived questions disappear from the form but still label old answers.</p>
      {questions.length === 0 ? <p class="notice">No questions yet: add the first one below.</p> : null}
      <ol class="steps">
        {questions.map((q, i) => (
          <li>
            <QuestionCard base={base} question={q} first={i === 0} last={i === questions.length - 1} failed={stateFor(q.id)} />
          </li>
        ))}
      </ol>
      <section class="card" aria-labelledby="add-question">
        <h2 id="add-question">Add a question</h2>
        <QuestionForm
          action={base}
          prefix="new"
          values={stateFor("new")?.values}
          errors={stateFor("new")?.errors}
          submit="Add question"
          knockoutAsText
        />
      </section>
    </AdminLayout>
  );
}

function QuestionCard(props: { base: string; question: Question; first: boolean; last: boolean; failed?: QuestionFormState }) {
  const { base, question: q, first, last, failed } = props;
  const action = `${base}/${q.id}`;
  const hidden = <span class="visually-hidden">: {q.label}</span>;
  return (
    <div class="card">
      <h3>
        {q.label} <span class="badge">{KIND_LABELS[q.kind]}</span> {q.required ? <span class="badge">Required</span> : null}{" "}
        {q.profileRole ? <span class="badge">{PROFILE_BADGES[q.profileRole]}</span> : null}
      </h3>
      {q.help ? <p class="hint">{q.help}</p> : null}
      {q.kind === "van_westendorp" ? (
        <p class="muted">
          Applicants give four prices: too cheap, a bargain, getting expensive, too expensive.{" "}
          <a href={`${base.replace(/\/questions$/, "")}/experiments/willingness?question=${q.id}`}>See the willingness-to-pay chart{hidden}</a>
        </p>
      ) : null}
      {q.options.length && q.kind !== "van_westendorp" ? (
        <p class="muted">
          Options:{" "}
          {q.options.map((o, i) => (
            <>
              {i ? ", " : ""}
              {o}
              {q.knockout[o] ? <span class="badge flag">{q.knockout[o] === "reject" ? "rejects" : "flags"}</span> : null}
            </>
          ))}
        </p>
      ) : null}
      <div class="actions">
        {first ? null : <MoveButton action={`${action}/move`} direction="up" hidden={hidden} />}
        {last ? null : <MoveButton action={`${action}/move`} direction="down" hidden={hidden} />}
        <form method="post" action={`${action}/archive`}>
          <button type="submit" class="btn small secondary">
            Archive{hidden}
          </button>
        </form>
      </div>
      <details open={!!failed}>
        <summary>Edit{hidden}</summary>
        <QuestionForm action={action} prefix={`q-${q.id}`} values={failed?.values ?? questionValuesOf(q)} errors={failed?.errors} submit="Save question" />
      </details>
    </div>
  );
}

function MoveButton({ action, direction, hidden }: { action: string; direction: "up" | "down"; hidden: unknown }) {
  return (
    <form method="post" action={action}>
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" class="btn small secondary">
        Move {direction}
        {hidden}
      </button>
    </form>
  );
}

interface QuestionFormProps {
  action: string;
  prefix: string;
  values?: QuestionValues;
  errors?: FieldErrors;
  submit: string;
  /** The add form takes knockout rules as `Option => reject|flag` lines; edit forms get a select per option. */
  knockoutAsText?: boolean;
}

function QuestionForm({ action, prefix, values, errors = {}, submit, knockoutAsText }: QuestionFormProps) {
  const v = values ?? emptyQuestionValues();
  const id = (field: string) => `${prefix}-${field}`;
  return (
    <form method="post" action={action} novalidate>
      <ErrorSummary errors={errors} labels={QUESTION_LABELS} />
      <SelectField
        id={id("kind")}
        name="kind"
        label="Kind"
        value={v.kind}
        error={errors.kind}
        options={KIND_OPTIONS}
        hint="Willingness to pay asks four prices (Van Westendorp) and charts the answers under Experiments, to choose prices to test."
      />
      <TextField id={id("label")} name="label" label="Question" value={v.label} error={errors.label} maxlength={300} />
      <TextField id={id("help")} name="help" label="Help text" value={v.help} error={errors.help} hint="Optional, shown under the question." />
      <Checkbox id={id("required")} name="required" label="Required" checked={v.required} />
      <SelectField
        id={id("profileRole")}
        name="profileRole"
        label="On member profiles"
        value={v.profileRole}
        error={errors.profileRole}
        options={PROFILE_OPTIONS}
        hint="Members choose whether to show their own answer; nothing shows until they do. Introductions match shared interests and offers with needs."
      />
      <TextArea
        id={id("options")}
        name="options"
        label="Options"
        value={v.options}
        error={errors.options}
        rows={4}
        hint="Choice questions only: one option per line, at least two."
      />
      <div class="grid">
        <TextField id={id("minLength")} name="minLength" label="Minimum length" value={v.minLength} error={errors.minLength} inputmode="numeric" hint="Text answers, in characters." />
        <TextField id={id("maxLength")} name="maxLength" label="Maximum length" value={v.maxLength} error={errors.maxLength} inputmode="numeric" hint="Text answers, in characters." />
        <TextField id={id("minValue")} name="minValue" label="Minimum value" value={v.minValue} error={errors.minValue} inputmode="numeric" hint="Number answers." />
        <TextField id={id("maxValue")} name="maxValue" label="Maximum value" value={v.maxValue} error={errors.maxValue} inputmode="numeric" hint="Number answers." />
      </div>
      {knockoutAsText ? (
        <TextArea
          id={id("knockoutRules")}
          name="knockoutRules"
          label="Knockout rules"
          value={v.knockoutRules}
          error={errors.knockout}
          rows={3}
          hint="Choice questions only. One per line: Option => reject (closes the application before any fee) or Option => flag (marks it for review)."
        />
      ) : (
        <KnockoutSelects prefix={prefix} values={v} error={errors.knockout} />
      )}
      <div class="actions">
        <button type="submit" class="btn">
          {submit}
        </button>
      </div>
    </form>
  );
}

/** One select per current option; options added in the same edit get their rules on the next save. */
function KnockoutSelects({ prefix, values, error }: { prefix: string; values: QuestionValues; error?: string }) {
  const options = values.options.split(/\r?\n/).map((o) => o.trim()).filter(Boolean);
  const named = [...new Set([...options, ...Object.keys(values.knockout)])];
  if (!isChoice(values.kind) && !error) return null;
  return (
    <fieldset class={error ? "invalid" : undefined}>
      <legend>Knockout rules</legend>
      <p class="hint">What picking an option does: reject closes the application before any fee is asked; flag marks it for the reviewer.</p>
      {named.map((option, i) => (
        <SelectField
          id={`${prefix}-knockout-${i}`}
          name={`${KNOCKOUT_FIELD_PREFIX}${option}`}
          label={`When the answer is "${option}"`}
          value={values.knockout[option] ?? "none"}
          options={KNOCKOUT_OPTIONS}
        />
      ))}
      {error ? <p class="error">{error}</p> : null}
    </fieldset>
  );
}
