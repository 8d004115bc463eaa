import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { formText, readForm, toFieldErrors, type FieldErrors, type FormBody } from "../communities/forms";
import { checkUpload } from "../content/files";
import { AppError } from "../lib/errors";
import { newSecretToken } from "../lib/ids";
import type { Attachment } from "./posts";
import { MAX_POLL_OPTIONS } from "./schemas";

/**
 * The new-post form <-> the post input the domain validates, and the optional file. Poll options
 * are separate inputs (no script adds rows); empty ones are left out. The closing time is typed
 * as a UTC `datetime-local`, as in the drop editor.
 */

export interface PostFormValues {
  title: string;
  body: string;
  question: string;
  options: string[];
  kind: string;
  results: string;
  closesAt: string;
}

export const emptyPostForm = (): PostFormValues => ({ title: "", body: "", question: "", options: Array(MAX_POLL_OPTIONS).fill(""), kind: "single", results: "after_vote", closesAt: "" });

export function readPostForm(form: FormBody): PostFormValues {
  return {
    title: formText(form, "title"),
    body: formText(form, "body"),
    question: formText(form, "pollQuestion"),
    options: Array.from({ length: MAX_POLL_OPTIONS }, (_, i) => formText(form, `option${i + 1}`)),
    kind: formText(form, "pollKind") || "single",
    results: formText(form, "pollResults") || "after_vote",
    closesAt: formText(form, "pollClosesAt"),
  };
}

/** The raw post input (a poll only when a question or an option was filled in) and the form's own problems. */
export function postInputOf(values: PostFormValues): { raw: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const options = values.options.map((o) => o.trim()).filter(Boolean);
  const wantsPoll = options.length > 0 || values.question.trim() !== "";
  let closesAt: string | null = null;
  const typed = values.closesAt.trim();
  if (wantsPoll && typed) {
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(typed) ? new Date(`${typed}Z`) : null;
    if (!at || Number.isNaN(at.getTime())) errors.poll = "Give the closing time as a date and time";
    else closesAt = at.toISOString();
  }
  const poll = wantsPoll ? { question: values.question, options, kind: values.kind, results: values.results, closesAt } : null;
  return { raw: { title: values.title, body: values.body, poll }, errors };
}

/** Field errors from a refusal, with `poll.options` and friends shown at the poll's fieldset. */
export function formErrorsOf(err: unknown): FieldErrors | null {
  return err instanceof AppError && err.details?.length ? toFieldErrors(err.details) : null;
}

export async function readPostRequest(c: Context<AppEnv>): Promise<{ values: PostFormValues; file: File | null }> {
  const values = readPostForm(await readForm(c));
  const body = await c.req.parseBody();
  const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
  return { values, file };
}

/**
 * Checks and stores an attachment under an unguessable key (the same checks as drop files), then
 * runs `write`; if the write is refused, the stored object is deleted again so nothing is left half-done.
 */
export async function withAttachment<T>(bucket: R2Bucket, file: File | null, write: (attachments: Attachment[]) => Promise<T>): Promise<T> {
  if (!file) return write([]);
  const { type, bytes, filename } = await checkUpload(file);
  const r2Key = `posts/${newSecretToken()}`;
  await bucket.put(r2Key, bytes, { httpMetadata: { contentType: type } });
  try {
    return await write([{ r2Key, filename, contentType: type, size: bytes.byteLength }]);
  } catch (err) {
    await bucket.delete(r2Key);
    throw err;
  }
}

