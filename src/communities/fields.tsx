import type { Child } from "hono/jsx";
import { FieldError } from "./admin-layout";

/** Form controls with a label, an optional hint and an error wired to the input for screen readers. */

interface BaseProps {
  id: string;
  name: string;
  label: string;
  hint?: Child;
  error?: string;
  required?: boolean;
}

function describedBy(id: string, hint: unknown, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Hint({ id, hint }: { id: string; hint?: Child }) {
  return hint ? (
    <p class="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

export function TextField(
  props: BaseProps & { value?: string | number | null; type?: string; inputmode?: "text" | "decimal" | "numeric" | "email" | "url" | "search"; maxlength?: number; placeholder?: string },
) {
  const { id, name, label, hint, error, required, value, type = "text", inputmode, maxlength, placeholder } = props;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <input
        id={id}
        name={name}
        type={type}
        value={value == null ? "" : String(value)}
        inputmode={inputmode}
        maxlength={maxlength}
        placeholder={placeholder}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <FieldError id={id} message={error} />
    </div>
  );
}

export function TextArea(props: BaseProps & { value?: string | null; rows?: number; maxlength?: number }) {
  const { id, name, label, hint, error, required, value, rows, maxlength } = props;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxlength={maxlength}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {value ?? ""}
      </textarea>
      <FieldError id={id} message={error} />
    </div>
  );
}

export function SelectField(props: BaseProps & { value?: string; options: readonly { value: string; label: string }[] }) {
  const { id, name, label, hint, error, value, options } = props;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <select id={id} name={name} aria-invalid={error ? "true" : undefined} aria-describedby={describedBy(id, hint, error)}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} message={error} />
    </div>
  );
}

export function RadioGroup(
  props: BaseProps & { value?: string; options: readonly { value: string; label: string; explanation?: string }[] },
) {
  const { id, name, label, hint, error, value, options } = props;
  return (
    <fieldset class={error ? "invalid" : undefined} aria-describedby={describedBy(id, hint, error)}>
      <legend>{label}</legend>
      <Hint id={id} hint={hint} />
      {options.map((o, i) => (
        <label class="choice" for={`${id}-${i}`}>
          <input type="radio" id={`${id}-${i}`} name={name} value={o.value} checked={o.value === value} />
          <span>
            <strong>{o.label}</strong>
            {o.explanation ? <span class="muted"> — {o.explanation}</span> : null}
          </span>
        </label>
      ))}
      <FieldError id={id} message={error} />
    </fieldset>
  );
}

export function Checkbox({ id, name, label, checked, hint }: { id: string; name: string; label: string; checked?: boolean; hint?: Child }) {
  return (
    <div class="field">
      <label class="choice" for={id}>
        <input type="checkbox" id={id} name={name} value="on" checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} />
        <span>{label}</span>
      </label>
      <Hint id={id} hint={hint} />
    </div>
  );
}
