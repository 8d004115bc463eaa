import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Viewer } from "../app-env";
import { AppError } from "../lib/errors";
import type { AccountMenu } from "../ui/account-menu";
import { createAuth, type Auth } from "./auth";
import { placesFor } from "./places";
import { readSession } from "./session-read";

const auths = new WeakMap<Context, Auth>();
const viewerLookups = new WeakMap<Context, Promise<Viewer | null>>();
const menus = new WeakMap<Context, AccountMenu>();

/** The request's Better Auth instance, built on first use. */
export function authFor(c: Context<AppEnv>): Auth {
  let auth = auths.get(c);
  if (!auth) {
    auth = createAuth(c.env, c.get("deps"));
    auths.set(c, auth);
  }
  return auth;
}

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

async function lookUpViewer(c: Context<AppEnv>): Promise<Viewer | null> {
  const headers = c.req.raw.headers;
  // Anonymous visitors (most landing-page hits) cost nothing: no auth instance, no query.
  const hasCookie = headers.get("cookie")?.includes("better-auth.session_token") ?? false;
  const hasBearer = /^bearer\s/i.test(headers.get("authorization") ?? "");
  if (!hasCookie && !hasBearer) return null;
  // The common case (a live cookie session) costs one batch, the account menu included.
  const read = hasCookie && !hasBearer ? await readSession(c) : null;
  if (read) {
    menus.set(c, read.menu);
    c.set("viewer", read.viewer);
    return read.viewer;
  }
  const result = await authFor(c).api.getSession({ headers, returnHeaders: true });
  // Better Auth slides the session's expiry (or clears a dead cookie); pass its cookies on.
  for (const cookie of result.headers.getAll("set-cookie")) c.header("set-cookie", cookie, { append: true });
  const found = result.response;
  const viewer = found ? { userId: found.user.id, email: found.user.email.toLowerCase(), name: found.user.name } : null;
  c.set("viewer", viewer);
  return viewer;
}

/** The signed-in person's account menu: read with the session when it could be, else now. */
export async function accountMenuOf(c: Context<AppEnv>, viewer: Viewer): Promise<AccountMenu> {
  return menus.get(c) ?? placesFor(c.get("deps").db, c.get("deps").config, viewer.email);
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
  // Encoded slashes in the path are how open-redirect filters get fooled; Better Auth refuses them too.
  if (/%2f|%5c/i.test(raw.split(/[?#]/)[0]!)) return "/";
  return raw;
}
