import { env, exports } from "cloudflare:workers";
import { and, desc, eq } from "drizzle-orm";
import { emails } from "../../drizzle";
import { createDb } from "../../src/lib/db";

export const BASE = "http://localhost:8787";

// test/env.d.ts does not declare Cloudflare.GlobalProps.mainModule yet, so `exports` is untyped.
const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;

/** A request through the real (dev) worker; unsafe methods carry our Origin like a browser form would. */
export function call(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", BASE);
  return worker.fetch(new Request(BASE + path, { ...init, headers, redirect: "manual" }));
}

export function postForm(path: string, data: Record<string, string>, cookie?: string): Promise<Response> {
  return call(path, {
    method: "POST",
    body: new URLSearchParams(data),
    cookie,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}

export async function latestMagicLinkEmail(to: string) {
  return createDb(env.DB)
    .select()
    .from(emails)
    .where(and(eq(emails.to, to.toLowerCase()), eq(emails.kind, "magic_link")))
    .orderBy(desc(emails.createdAt))
    .get();
}

export function magicLinkIn(text: string): string {
  const link = text.match(/https?:\/\/\S+\/api\/auth\/magic-link\/verify\?\S+/)?.[0];
  if (!link) throw new Error(`no magic link in: ${text}`);
  return link;
}

/** `name=value` pairs of the Set-Cookie headers, ready for a Cookie header. */
export function cookiesFrom(res: Response): string {
  return res.headers
    .getAll("set-cookie")
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

/** Signs in through the real magic-link flow; returns the Cookie header and the bearer token. */
export async function signIn(email: string): Promise<{ cookie: string; token: string }> {
  const res = await postForm("/signin", { email, next: "/" });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const mail = await latestMagicLinkEmail(email);
  const url = new URL(magicLinkIn(mail!.text));
  const verify = await call(url.pathname + url.search);
  const cookie = cookiesFrom(verify);
  if (!cookie.includes("session_token")) throw new Error(`verify set no session cookie: ${verify.status}`);
  return { cookie, token: verify.headers.get("set-auth-token") ?? "" };
}
