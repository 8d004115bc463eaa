import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";

/**
 * The price-test variants a visitor has already been shown on a community's landing page,
 * remembered on their side so that their next visit needs no D1 read to show the same prices.
 * D1's `experiment_assignments` stays the record: a submission reads the assignment from there
 * and charges it. The cookie only lists assignments already stored and exposed, it is scoped to
 * the community's pages, and it is signed (HMAC-SHA256 under BETTER_AUTH_SECRET, over the visitor
 * id too), so it cannot be edited, or moved to another visitor id, to show a different price. A
 * cookie that does not verify is ignored, and the page reads D1 as for a first visit.
 */

const COOKIE = "th_asg";
const ONE_YEAR = 365 * 24 * 60 * 60;
/** Ids are ours (letters, digits, `_` and `-`); anything else means the cookie is not ours. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_CHARS = 1200;
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(`threshold assignment cookie\n${secret}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

const toBase64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function fromBase64Url(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** `experimentId:variantId` pairs in a stable order, the signed part of the cookie. */
function payloadOf(assignments: Map<string, string>): string {
  return [...assignments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([e, v]) => `${e}:${v}`).join(",");
}

async function signature(secret: string, visitorId: string, payload: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(`${visitorId}|${payload}`)));
}

/** What the visitor's cookie says they were shown (experiment id → variant id); empty when absent or not ours. */
export async function rememberedAssignments(c: Context<AppEnv>, visitorId: string): Promise<Map<string, string>> {
  const none = new Map<string, string>();
  const secret = c.env.BETTER_AUTH_SECRET;
  const value = getCookie(c, COOKIE);
  if (!secret || !value || value.length > MAX_CHARS) return none;
  const dot = value.lastIndexOf(".");
  const payload = value.slice(0, Math.max(dot, 0));
  const given = fromBase64Url(value.slice(dot + 1));
  if (dot < 0 || !given) return none;
  const pairs = payload ? payload.split(",").map((p) => p.split(":")) : [];
  if (!pairs.every((p) => p.length === 2 && ID.test(p[0]!) && ID.test(p[1]!))) return none;
  const ok = await crypto.subtle.verify("HMAC", await keyFor(secret), given, encoder.encode(`${visitorId}|${payload}`));
  return ok ? new Map(pairs as [string, string][]) : none;
}

/** Sets the cookie to `assignments` when they differ from what it holds. */
export async function rememberAssignments(c: Context<AppEnv>, slug: string, visitorId: string, assignments: Map<string, string>, held: Map<string, string>): Promise<void> {
  const secret = c.env.BETTER_AUTH_SECRET;
  const payload = payloadOf(assignments);
  if (!secret || payload === payloadOf(held)) return;
  if (![...assignments].every(([e, v]) => ID.test(e) && ID.test(v))) return;
  const value = `${payload}.${toBase64Url(await signature(secret, visitorId, payload))}`;
  if (value.length > MAX_CHARS) return;
  setCookie(c, COOKIE, value, { httpOnly: true, secure: new URL(c.req.url).protocol === "https:", sameSite: "Lax", path: `/c/${slug}`, maxAge: ONE_YEAR });
}
