import type { Question } from "../../drizzle";
import { DEFAULT_MAX_LENGTH, PRICE_SENSITIVITY_FIELDS } from "./answers";

export type FormValues = Record<string, string | string[]>;

/** The form field name of a question's answer. */
export const fieldName = (q: Pick<Question, "id">) => `q_${q.id}`;

/** The id of one part of a multi-part answer (a Van Westendorp price): `q_<id>-tooCheap`. */
export const partId = (q: Pick<Question, "id">, part: string) => `${fieldName(q)}-${part}`;

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

export interface QuestionFieldProps {
  q: Question;
  value?: string | string[];
  error?: string;
  /** Errors of a multi-part answer, by part (`tooCheap`…). */
  partErrors?: Record<string, string>;
  /** The community's currency, named beside price inputs. */
  currency?: string;
}

/** One questionnaire field: the right input for the question kind, its label, hint and error. */
export function QuestionField({ q, value, error, partErrors, currency }: QuestionFieldProps) {
  const id = fieldName(q);
  const label = (
    <>
      {q.label}
      {q.required ? null : <span class="muted"> (optional)</span>}
    </>
  );
  if (q.kind === "van_westendorp") return <PriceSensitivityField q={q} label={label} value={value} error={error} partErrors={partErrors ?? {}} currency={currency} />;
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

/**
 * A Van Westendorp question: four labelled price inputs sharing the question's field name, so
 * the form posts them in the order asked (too cheap, a bargain, getting expensive, too expensive).
 */
function PriceSensitivityField(props: { q: Question; label: unknown; value?: string | string[]; error?: string; partErrors: Record<string, string>; currency?: string }) {
  const { q, label, value, error, partErrors, currency } = props;
  const id = fieldName(q);
  const values = Array.isArray(value) ? value : [];
  const unit = currency ? ` Amounts in ${currency.toUpperCase()}.` : "";
  const help = `${q.help ? `${q.help} ` : ""}Give four prices, each at least the one before it.${unit}`;
  const invalid = error || Object.keys(partErrors).length;
  return (
    <fieldset class={invalid ? "invalid" : undefined} aria-describedby={describedBy(id, help, error)} id={id}>
      <legend>{label}</legend>
      <Meta id={id} help={help} error={error} />
      <div class="grid">
        {PRICE_SENSITIVITY_FIELDS.map((f, i) => {
          const pid = partId(q, f.key);
          const partError = partErrors[f.key];
          return (
            <div class={partError ? "field invalid" : "field"}>
              <label for={pid}>{f.label}</label>
              {partError ? (
                <p class="error" id={`${pid}-error`}>
                  {partError}
                </p>
              ) : null}
              <input
                type="text"
                inputmode="decimal"
                id={pid}
                name={id}
                value={values[i] ?? ""}
                required={q.required}
                aria-invalid={partError ? "true" : undefined}
                aria-describedby={partError ? `${pid}-error` : undefined}
                autocomplete="off"
              />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
