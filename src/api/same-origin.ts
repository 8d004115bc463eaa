import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { mediaType } from "../lib/body";
import { AppError } from "../lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery on the API. A page on another origin of the same site can make the
 * browser send our session cookie with a simple request (a bodiless POST, a form post), which
 * `csrf()` does not look at. So a state-changing API request that carries only the cookie must
 * either come from our own origin or be JSON (which another origin cannot send without a CORS
 * preflight we never grant). A bearer token is not sent by browsers on their own: always fine.
 */
export const apiSameOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  if (/^bearer\s/i.test(c.req.header("authorization") ?? "")) return next();
  if (!c.req.header("cookie")) return next();
  const origin = c.req.header("origin");
  const ours = [new URL(c.get("deps").config.appUrl).origin, new URL(c.req.url).origin];
  if (origin) {
    if (ours.includes(origin)) return next();
    throw AppError.forbidden("Requests from another site are refused; API clients send an Authorization header");
  }
  if (mediaType(c) === "application/json") return next();
  throw AppError.forbidden("A cookie-authenticated change must be sent as JSON from this site, or with an Authorization header");
};
