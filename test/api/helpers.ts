import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { call, signIn } from "../helpers";

export const API = "/api/v1";

export interface ApiCall {
  method?: string;
  body?: unknown;
  /** A `cookie` header value (from signIn) or `{ bearer: token }`. */
  auth?: string | { bearer: string };
  headers?: Record<string, string>;
}

/** A JSON request to the API through the real worker. */
export function api(path: string, { method = "GET", body, auth, headers = {} }: ApiCall = {}): Promise<Response> {
  const h = new Headers(headers);
  if (body !== undefined && !h.has("content-type")) h.set("content-type", "application/json");
  if (typeof auth === "object") h.set("authorization", `Bearer ${auth.bearer}`);
  return call(API + path, {
    method,
    headers: h,
    cookie: typeof auth === "string" ? auth : undefined,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function json(res: Response): Promise<any> {
  return res.json();
}

/** Asserts the standard error body with this status and code; returns the named fields. */
export async function expectError(res: Response, status: number, code: string): Promise<string[]> {
  const body = await json(res);
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(typeof body.error.requestId).toBe("string");
  return (body.error.details ?? []).map((d: { field: string }) => d.field);
}

const sessions = new Map<string, Promise<string>>();
/** A signed-in session cookie for the address (the real magic-link flow), once per test file. */
export function session(email: string): Promise<string> {
  let s = sessions.get(email);
  if (!s) {
    s = signIn(email);
    sessions.set(email, s);
  }
  return s;
}

/** The raw session token inside a session cookie: what an API client sends as a bearer token. */
export function bearerTokenFrom(cookie: string): string {
  const value = cookie.match(/better-auth\.session_token=([^;]+)/)?.[1];
  if (!value) throw new Error(`no session cookie in ${cookie}`);
  return decodeURIComponent(value).split(".")[0];
}

export async function rowCount(table: string, where = "1 = 1", ...params: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`select count(*) as n from ${table} where ${where}`)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
