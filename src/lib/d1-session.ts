import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { setOwnCookie } from "./cookies";

/**
 * Reads near the visitor with D1's Sessions API (read replication). Each request runs in one D1
 * session, so its own reads and writes are sequentially consistent. A person reads their own
 * writes across requests through a bookmark: the latest one their requests saw goes back to them
 * in a cookie (and, for API clients, the `X-D1-Bookmark` header), and their next request starts
 * its session no older than it. Other reads may go to the nearest replica.
 *
 * Some requests start at the primary instead:
 * - every request that is not a GET or HEAD (form posts, API writes, Stripe's webhooks): they
 *   read before they decide, and a decision about money or access is made on the newest data;
 * - the pages that show a price the visitor is about to be charged (landing, apply, join, and
 *   an applicant's status page), so a price an owner has just changed is never shown from a
 *   replica that has not caught up: the price shown is the price charged.
 * The cron and the queue consumer use the binding itself (the primary).
 */

export const BOOKMARK_COOKIE = "d1b";
export const BOOKMARK_HEADER = "X-D1-Bookmark";

/** D1's bookmark format: four hex fields. Anything else is ignored, never passed to D1. */
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

/** Landing, apply and join pages of a community, and an applicant's status page. */
const PRICE_PAGES = /^\/(c\/[^/]+(\/(apply|join)(\/.*)?)?|a\/[^/]+(\/.*)?)\/?$/;

export function validBookmark(value: string | null | undefined): string | null {
  return value && BOOKMARK.test(value) ? value : null;
}

/** Where this request's session starts: at the primary, after the person's bookmark, or anywhere. */
export function sessionStart(method: string, path: string, bookmark: string | null): D1SessionConstraint | D1SessionBookmark {
  if ((method !== "GET" && method !== "HEAD") || PRICE_PAGES.test(path)) return "first-primary";
  return bookmark ?? "first-unconstrained";
}

/** The bookmark the request brought (API header first, then the cookie), if well-formed. */
export function requestBookmark(c: Context): string | null {
  return validBookmark(c.req.header(BOOKMARK_HEADER)) ?? validBookmark(getCookie(c, BOOKMARK_COOKIE));
}

/** A statement that writes: its session's bookmark is what the person must read after. */
const WRITE = /^\s*(insert|update|delete|replace)\b|^\s*with\b[\s\S]*\b(insert|update|delete)\b/i;

export interface RequestSession {
  /** The session, shaped as the binding for the query layer (which only prepares and batches). */
  d1: D1Database;
  /** Sends the bookmark back when this request wrote, so the next request reads its writes. */
  finish(c: Context): void;
}

/**
 * The request's session on `d1`, opened when its first statement is prepared: a request that reads
 * nothing (a 404, the sign-in page, an anonymous API call refused) opens none.
 */
export function openSession(d1: D1Database, c: Context): RequestSession {
  const bookmark = requestBookmark(c);
  let session: D1DatabaseSession | undefined;
  const open = () => (session ??= d1.withSession(sessionStart(c.req.method, c.req.path, bookmark)));
  let wrote = false;
  const tracked = {
    prepare(query: string) {
      if (WRITE.test(query)) wrote = true;
      return open().prepare(query);
    },
    batch: <T>(statements: D1PreparedStatement[]) => open().batch<T>(statements),
  };
  return {
    d1: tracked as unknown as D1Database,
    finish(c: Context) {
      if (!wrote || !session) return;
      const latest = validBookmark(session.getBookmark());
      if (!latest || latest === bookmark) return;
      c.header(BOOKMARK_HEADER, latest);
      // A browser-session cookie: a bookmark matters only for the seconds replicas may lag.
      setOwnCookie(c, BOOKMARK_COOKIE, latest, "/");
    },
  };
}
