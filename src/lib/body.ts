import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { AppError, type FieldIssue } from "./errors";

/**
 * One place where request bodies from outside are read and bounded, before any route sees them.
 * Every string is capped here (the routes' zod schemas cap each field tighter), so nothing
 * unbounded reaches D1 (SQLITE_TOOBIG) or a parser, and a body that cannot be parsed is a 400
 * naming the problem instead of a 500 from inside `parseBody`.
 */

/** Longer than any text field the app takes (markdown bodies are capped at 20,000). */
export const MAX_TEXT_CHARS = 100_000;
/** Forms carry the largest upload (drop files, 10 MB) plus the form around it. */
const MAX_FORM_BYTES = 10 * 1024 * 1024 + 256 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;
const MAX_FIELDS = 1_000;
const MAX_JSON_DEPTH = 32;

/** The request's media type, lower-cased, without parameters (`charset`, `boundary`). */
export function mediaType(c: { req: { header(name: string): string | undefined } }): string {
  return (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

function hasBody(method: string): boolean {
  return method !== "GET" && method !== "HEAD" && method !== "OPTIONS";
}

function refuseOversize(declared: string | undefined, max: number): void {
  if (Number(declared ?? 0) > max) {
    throw new AppError(413, "payload_too_large", `The request body is larger than ${Math.floor(max / 1024)} KB`);
  }
}

function tooLong(field: string): FieldIssue {
  return { field: field.slice(0, 100), message: `Too long: at most ${MAX_TEXT_CHARS.toLocaleString("en-US")} characters` };
}

/**
 * For the HTML form routes: parses a form body once (Hono caches the FormData, so the route's own
 * `parseBody` reads the same one) and refuses one that is malformed, oversized or has huge fields.
 */
export const formBodyGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = mediaType(c);
  if (!hasBody(c.req.method) || (type !== "multipart/form-data" && type !== "application/x-www-form-urlencoded")) return next();
  refuseOversize(c.req.header("content-length"), MAX_FORM_BYTES);
  // Bounded even without a declared length; parsed once, into Hono's body cache for the route.
  const bytes = await readRawBody(c, MAX_FORM_BYTES, "body");
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": c.req.header("content-type")! } }).formData();
    (c.req.bodyCache as { formData?: Promise<FormData> }).formData = Promise.resolve(form);
  } catch {
    throw new AppError(400, "bad_request", "The form could not be read (a malformed or truncated body). Reload the page and send it again.");
  }
  const issues: FieldIssue[] = [];
  let fields = 0;
  for (const [key, value] of form) {
    fields += 1;
    if (key.length > 200 || (typeof value === "string" && value.length > MAX_TEXT_CHARS)) issues.push(tooLong(key));
  }
  if (fields > MAX_FIELDS) throw new AppError(400, "bad_request", `The form has more than ${MAX_FIELDS} fields`);
  if (issues.length) throw AppError.validation(issues);
  return next();
};

/**
 * For the JSON API: a body declared as JSON must parse (else 400) and stay within the caps (depth,
 * string length); the validators then read the same cached value.
 */
export const jsonBodyGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!hasBody(c.req.method) || !/^application\/(.+\+)?json$/.test(mediaType(c))) return next();
  refuseOversize(c.req.header("content-length"), MAX_JSON_BYTES);
  // Read to at most the cap even when no length was declared (a chunked body), then hand the
  // text to Hono's body cache, where `c.req.json()` and the route validators read it.
  const text = new TextDecoder().decode(await readRawBody(c, MAX_JSON_BYTES, "body"));
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError(400, "bad_request", "The body is not valid JSON");
  }
  const issues: FieldIssue[] = [];
  walkJson(body, "", 0, issues);
  if (issues.length) throw AppError.validation(issues.slice(0, 20));
  return next();
};

function walkJson(value: unknown, path: string, depth: number, issues: FieldIssue[]): void {
  if (depth > MAX_JSON_DEPTH) {
    issues.push({ field: path || "body", message: `Nested deeper than ${MAX_JSON_DEPTH} levels` });
    return;
  }
  if (typeof value === "string") {
    if (value.length > MAX_TEXT_CHARS) issues.push(tooLong(path || "body"));
  } else if (Array.isArray(value)) {
    if (value.length > MAX_FIELDS) issues.push({ field: path || "body", message: `At most ${MAX_FIELDS} items` });
    else value.forEach((v, i) => walkJson(v, `${path}${path ? "." : ""}${i}`, depth + 1, issues));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const field = `${path}${path ? "." : ""}${k}`;
      if (k.length > 200) issues.push(tooLong(field));
      else walkJson(v, field, depth + 1, issues);
    }
  }
}

/**
 * A raw body (an image upload, say) read to at most `max` bytes: the declared length is refused
 * up front, and a body without one (chunked) is cut off as soon as it passes the cap.
 */
export async function readRawBody(c: { req: { raw: Request; header(name: string): string | undefined } }, max: number, field: string): Promise<Uint8Array> {
  const tooLarge = () => new AppError(413, "payload_too_large", `The body is larger than ${Math.floor(max / 1024)} KB`, [{ field, message: `At most ${Math.floor(max / 1024)} KB` }]);
  if (Number(c.req.header("content-length") ?? 0) > max) throw tooLarge();
  const reader = c.req.raw.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Stop reading; the rest is dropped with the request (cancelling would fail the sender's pipe).
    if (size > max) throw tooLarge();
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
