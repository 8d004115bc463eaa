import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";
import { safeNextPath } from "./session";

/**
 * The origin rules of the `/api/auth/*` endpoints, as Better Auth enforced them with the app's URL as
 * its one trusted origin. The HTML forms (/signin, /signout) have hono's `csrf()` instead.
 */

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * A POST that carries cookies must come from the app's origin (its Origin header, else its
 * Referer): another site cannot act with the visitor's session. Sign-in requests are held to it
 * even without cookies when a browser sent them (Fetch Metadata, Origin or Referer present), so
 * another site cannot sign a visitor into an account of its choosing; a cross-site navigation
 * never signs in. A cookieless request with none of those headers is a server or a script, which
 * no browser protection applies to.
 */
export function refuseForeignOrigin(c: Context<AppEnv>, { signIn }: { signIn: boolean }): void {
  const headers = c.req.raw.headers;
  const origin = headers.get("origin");
  const referer = headers.get("referer");
  const site = headers.get("sec-fetch-site")?.trim();
  const fromBrowser = Boolean(site || headers.get("sec-fetch-mode")?.trim() || headers.get("sec-fetch-dest")?.trim());
  if (!headers.has("cookie")) {
    if (!signIn || !(fromBrowser || origin || referer)) return;
    if (site === "cross-site" && headers.get("sec-fetch-mode") === "navigate") {
      throw AppError.forbidden("Signing in from another site's page is refused");
    }
  }
  // A same-origin request whose Origin a browser hid ("null", e.g. after a redirect) is ours.
  const claimed = origin === "null" && site === "same-origin" ? new URL(c.req.url).origin : origin || referer;
  if (!claimed || claimed === "null") throw AppError.forbidden("This request needs an Origin header");
  if (originOf(claimed) !== originOf(c.get("deps").config.appUrl)) {
    throw AppError.forbidden("Requests from another site are refused");
  }
}

/** Where a sign-in may send the person: a same-site path, or a URL on the app's own origin. Never elsewhere. */
export function isTrustedCallback(url: string, appUrl: string): boolean {
  if (url.startsWith("/")) return safeNextPath(url) === url;
  return originOf(url) !== null && originOf(url) === originOf(appUrl);
}

/** Each callback given, checked; the first one pointing elsewhere is a 403 naming it. */
export function refuseForeignCallbacks(appUrl: string, callbacks: Record<string, string | undefined>): void {
  for (const [name, url] of Object.entries(callbacks)) {
    if (url !== undefined && !isTrustedCallback(url, appUrl)) throw AppError.forbidden(`Invalid ${name}: it must be a path on this site`);
  }
}
