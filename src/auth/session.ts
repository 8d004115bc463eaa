import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Viewer } from "../app-env";
import { AppError } from "../lib/errors";
import type { AccountMenu } from "../ui/account-menu";
import { authSecret } from "./auth";
import { placesFor } from "./places";
import { expireSessionCookie, mayCarrySession, presentedToken, setSessionCookie } from "./session-cookie";
import { readSession, type SessionRead } from "./session-read";
import { deleteSession, dueForRefresh, slideSession } from "./session-store";

const viewerLookups = new WeakMap<Context, Promise<Viewer | null>>();
const sessions = new WeakMap<Context, SessionRead>();

/**
 * The signed-in person (session cookie or `Authorization: Bearer <session token>`), or null.
 * Looked up at most once per request and kept in `c.var.viewer`; the app middleware sets that
 * to null up front, so "looked up" is tracked separately here.
 */
export function getViewer(c: Context<AppEnv>): Promise<Viewer | null> {
  let lookup = viewerLookups.get(c);
  if (!lookup) {
    lookup = lookUpViewer(c);
    viewerLookups.set(c, lookup);
  }
  return lookup;
}

/** The request's live session and its user (after `getViewer`), as `/api/auth/get-session` shows them. */
export async function currentSession(c: Context<AppEnv>): Promise<SessionRead | null> {
  return (await getViewer(c)) ? (sessions.get(c) ?? null) : null;
}

/**
 * One batch for the session and the account menu. A token naming no session, or an expired one,
 * clears the cookie (and deletes the expired row); a session last slid a day or more ago slides
 * to 30 days again and the cookie is set anew. A bad signature is simply not signed in.
 */
async function lookUpViewer(c: Context<AppEnv>): Promise<Viewer | null> {
  // Anonymous visitors (most landing-page hits) cost nothing: no crypto, no query.
  if (!mayCarrySession(c.req.raw.headers)) return null;
  const secret = authSecret(c.env);
  const token = await presentedToken(c, secret);
  if (!token) return null;
  const db = c.get("deps").db;
  const read = await readSession(c, token);
  const now = Date.now();
  if (!read || read.session.expiresAt.getTime() <= now) {
    if (read) await deleteSession(db, token);
    expireSessionCookie(c);
    return null;
  }
  if (dueForRefresh(read.session.expiresAt, now)) {
    const expiresAt = await slideSession(db, token, now);
    if (!expiresAt) {
      expireSessionCookie(c);
      return null;
    }
    read.session.expiresAt = expiresAt;
    read.session.updatedAt = new Date(now);
    await setSessionCookie(c, token, secret);
  }
  sessions.set(c, read);
  c.set("viewer", read.viewer);
  return read.viewer;
}

/** Ends the request's session, if it names one, and clears the cookie. */
export async function signOut(c: Context<AppEnv>): Promise<void> {
  if (!mayCarrySession(c.req.raw.headers)) return;
  const token = await presentedToken(c, authSecret(c.env));
  if (token) await deleteSession(c.get("deps").db, token);
  expireSessionCookie(c);
}

/** The signed-in person's account menu: read with the session, or now for a viewer set some other way. */
export async function accountMenuOf(c: Context<AppEnv>, viewer: Viewer): Promise<AccountMenu> {
  return sessions.get(c)?.menu ?? placesFor(c.get("deps").db, c.get("deps").config, viewer.email);
}

/**
 * The viewer, or the request stops here: pages redirect to sign-in and come back afterwards,
 * the JSON API answers 401. The redirect is thrown as an `HTTPException` carrying its response,
 * which `app.onError` returns as is.
 */
export async function requireViewer(c: Context<AppEnv>): Promise<Viewer> {
  const viewer = await getViewer(c);
  if (viewer) return viewer;
  if (c.req.path.startsWith("/api/")) throw AppError.unauthenticated();
  const next = returnPathFor(c);
  throw new HTTPException(303, { res: c.redirect(`/signin?next=${encodeURIComponent(next)}`, 303) });
}

/** Where to come back to after signing in: this page, or for a form post the page it came from. */
function returnPathFor(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  if (c.req.method === "GET" || c.req.method === "HEAD") return url.pathname + url.search;
  const referer = c.req.header("referer");
  if (!referer) return "/";
  try {
    const from = new URL(referer);
    return from.origin === url.origin ? from.pathname + from.search : "/";
  } catch {
    return "/";
  }
}

/** A same-site relative path to return to ("/x", never "//host" or "/\host"), else "/". */
export function safeNextPath(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (raw.length > 2000 || /[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  // Encoded slashes in the path are how open-redirect filters get fooled.
  if (/%2f|%5c/i.test(raw.split(/[?#]/)[0]!)) return "/";
  return raw;
}
