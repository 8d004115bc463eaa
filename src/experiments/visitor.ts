import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { setOwnCookie } from "../lib/cookies";

export const VISITOR_COOKIE = "th_vid";
const ONE_YEAR = 365 * 24 * 60 * 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Crawlers and link previewers: they never get an assignment, an exposure, or a test price. */
const BOT = /bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|quora link|whatsapp|headless(?!chrome)|curl|wget|python-requests|httpclient|monitor/i;

export interface Visitor {
  id: string;
  bot: boolean;
}

/**
 * The first-party visitor id (a random UUID in an HttpOnly cookie), created on first visit. It is
 * the only thing assignment hashes: never a personal attribute.
 */
export function visitorOf(c: Context<AppEnv>): Visitor {
  const ua = c.req.header("user-agent") ?? "";
  let id = getCookie(c, VISITOR_COOKIE);
  if (!id || !UUID.test(id)) {
    id = crypto.randomUUID();
    setOwnCookie(c, VISITOR_COOKIE, id, "/", ONE_YEAR);
  }
  return { id, bot: ua === "" || BOT.test(ua) };
}
