import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { desc, eq, and } from "drizzle-orm";
import { emails, type Community, type CommunityStatus } from "../drizzle";
import { createCommunity, addQuestion } from "../src/communities/service";
import { questionSchema, type CommunityCreate, type QuestionInput } from "../src/communities/schemas";
import worker, { devTools } from "../src/dev";
import type { Env } from "../src/env";

export const BASE = "http://localhost:8787";

/**
 * One request through the real worker (the dev entry: app + Stripe emulator + mailbox), called
 * in this isolate with the test's bindings. Not through `exports.default.fetch`: in the test pool
 * each request that way cost more than the one before (35 ms for the first hundred landing pages,
 * 340 ms each by the sixth hundred), which made files that send hundreds of requests crawl.
 */
export async function fetchWorker(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, env as unknown as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A request through the real worker, as a browser or an API client would send it. */
export function call(path: string, init: RequestInit & { cookie?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", BASE);
  return fetchWorker(new Request(BASE + path, { ...init, headers, redirect: "manual" }));
}

export function form(data: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(data)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  return body;
}

export function postForm(path: string, data: Record<string, string | string[]>, cookie?: string) {
  return call(path, { method: "POST", body: form(data), cookie, headers: { "content-type": "application/x-www-form-urlencoded" } });
}

export function postJson(path: string, data: unknown, cookie?: string) {
  return call(path, { method: "POST", body: JSON.stringify(data), cookie, headers: { "content-type": "application/json" } });
}

export function tools() {
  return devTools(env);
}

let counter = 0;
/**
 * A community with its own slug per call, so tests in one file never collide. Published by
 * default, as most tests are about a live community; pass `status: "draft"` to test drafts.
 */
export async function makeCommunity(
  overrides: Partial<CommunityCreate> & { status?: CommunityStatus } = {},
  questions: Partial<QuestionInput>[] = [{ kind: "short_text", label: "What is your role?", required: true }],
): Promise<{ community: Community; questionIds: string[] }> {
  const { status = "published", ...fields } = overrides;
  const { deps } = tools();
  counter += 1;
  const community = await createCommunity(deps, {
    slug: `test-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    name: "Test Circle",
    tagline: "",
    description: "A community for tests.",
    rules: "Be kind.",
    feeAmount: 2500,
    currency: "usd",
    feePolicy: "non_refundable",
    owners: ["owner@example.com"],
    ...fields,
  }, { status });
  const questionIds: string[] = [];
  for (const q of questions) questionIds.push((await addQuestion(deps, community.id, questionSchema.parse(q))).id);
  return { community, questionIds };
}

/** The newest email of a kind to an address, from the outbox. */
export async function latestEmail(to: string, kind?: string) {
  const { deps } = tools();
  const rows = await deps.db
    .select()
    .from(emails)
    .where(kind ? and(eq(emails.to, to.toLowerCase()), eq(emails.kind, kind)) : eq(emails.to, to.toLowerCase()))
    .orderBy(desc(emails.createdAt))
    .limit(1);
  return rows[0];
}

export function linksIn(text: string): string[] {
  return text.match(/https?:\/\/[^\s)>"]+/g) ?? [];
}

/** Signs in through the real magic-link flow and returns the session cookie header. */
export async function signIn(email: string): Promise<string> {
  const res = await postForm("/signin", { email, next: "/" });
  if (res.status >= 400) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const mail = await latestEmail(email, "magic_link");
  if (!mail) throw new Error("no magic link email");
  const link = linksIn(mail.text).find((l) => l.includes("/api/auth/magic-link/verify"));
  if (!link) throw new Error(`no magic link in: ${mail.text}`);
  const url = new URL(link);
  const verify = await call(url.pathname + url.search);
  const cookies = (verify.headers as unknown as { getSetCookie(): string[] }).getSetCookie().map((c) => c.split(";")[0]);
  if (!cookies.length) throw new Error(`verify set no cookie: ${verify.status}`);
  return cookies.join("; ");
}

/** Presses "Pay" on the emulator's hosted checkout page; returns where it redirects. */
export async function payCheckout(checkoutUrl: string, opts: { deliver?: boolean } = {}): Promise<string> {
  const path = new URL(checkoutUrl).pathname;
  const res = await call(`${path}/pay${opts.deliver === false ? "?deliver=0" : ""}`, { method: "POST" });
  if (res.status !== 303) throw new Error(`pay failed: ${res.status} ${await res.text()}`);
  return res.headers.get("location") ?? "";
}
