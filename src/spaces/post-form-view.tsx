import type { FieldErrors } from "../communities/forms";
import { FieldError } from "../communities/admin-layout";
import { MAX_FILE_BYTES } from "../content/files";
import { MAX_POST_BODY, MAX_POST_TITLE, MAX_POLL_OPTION } from "./schemas";
import type { PostFormValues } from "./post-form";

/** The new-post form on a space page: title, Markdown body, one file, an optional poll. */
export function NewPostForm({ action, values, errors }: { action: string; values: PostFormValues; errors: FieldErrors }) {
  const invalid = (f: string) => (errors[f] ? "field invalid" : "field");
  const described = (f: string, hint?: string) => [hint, errors[f] ? `${f}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <form method="post" action={action} enctype="multipart/form-data" class="card" id="new-post">
      <h2>Start a thread</h2>
      {Object.keys(errors).length ? (
        <div class="notice bad" role="alert" id="form-errors" tabindex={-1} autofocus>
          <strong>The post was not published:</strong>
          <ul>
            {Object.entries(errors).map(([f, m]) => (
              <li>
                {f}: {m}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class={invalid("title")}>
        <label for="post-title">Title (optional)</label>
        <input type="text" id="post-title" name="title" maxlength={MAX_POST_TITLE} value={values.title} aria-describedby={described("title")} />
        <FieldError id="title" message={errors.title} />
      </div>
      <div class={invalid("body")}>
        <label for="post-body">Your post</label>
        <p class="hint" id="post-body-hint">Markdown works: **bold**, *italic*, [links](https://example.com), lists.</p>
        <textarea id="post-body" name="body" rows={6} maxlength={MAX_POST_BODY} required aria-describedby={described("body", "post-body-hint")}>
          {values.body}
        </textarea>
        <FieldError id="body" message={errors.body} />
      </div>
      <div class={invalid("file")}>
        <label for="post-file">Image or file (optional)</label>
        <p class="hint" id="post-file-hint">
          PDF, PNG, JPEG, GIF, WebP, ZIP, text, CSV or Markdown, up to {MAX_FILE_BYTES / 1024 / 1024} MB.
        </p>
        <input type="file" id="post-file" name="file" aria-describedby={described("file", "post-file-hint")} />
        <FieldError id="file" message={errors.file} />
      </div>
      <details open={!!errors.poll || values.options.some(Boolean) || undefined}>
        <summary>Add a poll</summary>
        <fieldset class={errors.poll ? "invalid" : undefined} aria-describedby={errors.poll ? "poll-error" : undefined}>
          <legend>Poll</legend>
          <FieldError id="poll" message={errors.poll} />
          <div class="field">
            <label for="poll-question">Question</label>
            <input type="text" id="poll-question" name="pollQuestion" maxlength={MAX_POST_TITLE} value={values.question} />
          </div>
          <p class="hint">Two to {values.options.length} options; leave the ones you do not need empty.</p>
          {values.options.map((o, i) => (
            <div class="field">
              <label for={`poll-option-${i + 1}`}>Option {i + 1}</label>
              <input type="text" id={`poll-option-${i + 1}`} name={`option${i + 1}`} maxlength={MAX_POLL_OPTION} value={o} />
            </div>
          ))}
          <fieldset>
            <legend>Choices</legend>
            <label class="choice">
              <input type="radio" name="pollKind" value="single" checked={values.kind !== "multiple"} /> One choice
            </label>
            <label class="choice">
              <input type="radio" name="pollKind" value="multiple" checked={values.kind === "multiple"} /> Several choices
            </label>
          </fieldset>
          <fieldset>
            <legend>Show results</legend>
            <label class="choice">
              <input type="radio" name="pollResults" value="after_vote" checked={values.results !== "after_close"} /> After voting
            </label>
            <label class="choice">
              <input type="radio" name="pollResults" value="after_close" checked={values.results === "after_close"} /> After the poll closes
            </label>
          </fieldset>
          <div class="field">
            <label for="poll-closes">Closes at (UTC, optional)</label>
            <input type="datetime-local" id="poll-closes" name="pollClosesAt" value={values.closesAt} />
          </div>
        </fieldset>
      </details>
      <div class="actions">
        <button class="btn" type="submit">
          Post
        </button>
      </div>
    </form>
  );
}
