import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { hasHmacSignature, hmacSignature } from "../lib/hmac";
import { setOwnCookie } from "../lib/cookies";

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

/** Its own key, derived from the session secret, so no session signature can stand for one of these. */
const keyOf = (secret: string) => `threshold assignment cookie\n${secret}`;

/** `experimentId:variantId` pairs in a stable order, the signed part of the cookie. */
function payloadOf(assignments: Map<string, string>): string {
  return [...assignments].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([e, v]) => `${e}:${v}`).join(",");
}

/** What the visitor's cookie says they were shown (experiment id → variant id); empty when absent or not ours. */
export async function rememberedAssignments(c: Context<AppEnv>, visitorId: string): Promise<Map<string, string>> {
  const none = new Map<string, string>();
  const secret = c.env.BETTER_AUTH_SECRET;
  const value = getCookie(c, COOKIE);
  if (!secret || !value || value.length > MAX_CHARS) return none;
  const dot = value.lastIndexOf(".");
  if (dot < 0) return none;
  const payload = value.slice(0, dot);
  const pairs = payload ? payload.split(",").map((p) => p.split(":")) : [];
  if (!pairs.every((p) => p.length === 2 && ID.test(p[0]!) && ID.test(p[1]!))) return none;
  const ours = await hasHmacSignature(`${visitorId}|${payload}`, value.slice(dot + 1), keyOf(secret));
  return ours ? new Map(pairs as [string, string][]) : none;
}

/** Sets the cookie to `assignments` when they differ from what it holds. */
export async function rememberAssignments(c: Context<AppEnv>, slug: string, visitorId: string, assignments: Map<string, string>, held: Map<string, string>): Promise<void> {
  const secret = c.env.BETTER_AUTH_SECRET;
  const payload = payloadOf(assignments);
  if (!secret || payload === payloadOf(held)) return;
  if (![...assignments].every(([e, v]) => ID.test(e) && ID.test(v))) return;
  const value = `${payload}.${await hmacSignature(`${visitorId}|${payload}`, keyOf(secret))}`;
  if (value.length > MAX_CHARS) return;
  setOwnCookie(c, COOKIE, value, `/c/${slug}`, ONE_YEAR);
}
