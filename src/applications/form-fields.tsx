import type { Question } from "../../drizzle";
import { DEFAULT_MAX_LENGTH } from "./answers";

export type FormValues = Record<string, string | string[]>;

/** The form field name of a question's answer. */
export const fieldName = (q: Pick<Question, "id">) => `q_${q.id}`;

function describedBy(id: string, help: string, error?: string) {
  const ids = [help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

function Meta({ id, help, error }: { id: string; help: string; error?: string }) {
  return (
    <>
      {help ? (
        <p class="hint" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** One questionnaire field: the right input for the question kind, its label, hint and error. */
export function QuestionField({ q, value, error }: { q: Question; value?: string | string[]; error?: string }) {
  const id = fieldName(q);
  const label = (
    <>
      {q.label}
      {q.required ? null : <span class="muted"> (optional)</span>}
    </>
  );
  if (q.kind === "single_choice" || q.kind === "multi_choice") {
    const picked = Array.isArray(value) ? value : value ? [value] : [];
    return (
      <fieldset class={error ? "invalid" : undefined} aria-describedby={describedBy(id, q.help, error)} id={id}>
        <legend>{label}</legend>
        <Meta id={id} help={q.help} error={error} />
        {q.options.map((option, i) => (
          <label class="choice" for={`${id}-${i}`}>
            <input
              type={q.kind === "single_choice" ? "radio" : "checkbox"}
              id={`${id}-${i}`}
              name={id}
              value={option}
              checked={picked.includes(option)}
              required={q.kind === "single_choice" && q.required}
            />
            <span>{option}</span>
          </label>
        ))}
      </fieldset>
    );
  }
  const text = typeof value === "string" ? value : "";
  const common = {
    id,
    name: id,
    required: q.required,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": describedBy(id, q.help, error),
  };
  const maxLength = q.maxLength ?? DEFAULT_MAX_LENGTH[q.kind as keyof typeof DEFAULT_MAX_LENGTH];
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      <Meta id={id} help={q.help} error={error} />
      {q.kind === "long_text" ? (
        <textarea {...common} maxlength={maxLength} minlength={q.minLength ?? undefined}>
          {text}
        </textarea>
      ) : q.kind === "number" ? (
        <input {...common} type="number" inputmode="numeric" value={text} min={q.minValue ?? undefined} max={q.maxValue ?? undefined} step="any" />
      ) : (
        <input
          {...common}
          type={q.kind === "url" ? "url" : q.kind === "email" ? "email" : "text"}
          value={text}
          maxlength={maxLength}
          minlength={q.minLength ?? undefined}
          placeholder={q.kind === "url" ? "https://" : undefined}
        />
      )}
    </div>
  );
}
