import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env";
import { SESSION_DAYS } from "./auth";
import { hasHmacSignature, hmacSignature } from "../lib/hmac";

/**
 * The session cookie and the bearer token, as Better Auth issued them (so sessions from before the
 * move keep working): the cookie `better-auth.session_token` (`__Secure-` prefixed when the app is
 * served over https) holds `<token>.<base64 HMAC-SHA256 of the token under BETTER_AUTH_SECRET>`.
 * The signature stops anyone from trying tokens through a cookie; the database decides the rest.
 */

const COOKIE = "better-auth.session_token";
const MAX_TOKEN_CHARS = 256;

export function sessionCookieName(appUrl: string): string {
  return isHttps(appUrl) ? `__Secure-${COOKIE}` : COOKIE;
}

/** Whether the request may carry a session at all (no crypto, no query for anonymous visitors). */
export function mayCarrySession(headers: Headers): boolean {
  return (headers.get("cookie")?.includes(COOKIE) ?? false) || /^bearer\s/i.test(headers.get("authorization") ?? "");
}

function isHttps(appUrl: string): boolean {
  return appUrl.startsWith("https://");
}

/** `<token>.<signature>`, the cookie's value and the signed bearer form. */
export async function signedToken(token: string, secret: string): Promise<string> {
  return `${token}.${await hmacSignature(token, secret)}`;
}

/** The token in a signed value, or null when the signature is not ours (checked in constant time by Web Crypto). */
export async function verifiedToken(value: string, secret: string): Promise<string | null> {
  const dot = value.lastIndexOf(".");
  if (dot < 1 || dot > MAX_TOKEN_CHARS) return null;
  const token = value.slice(0, dot);
  return (await hasHmacSignature(token, value.slice(dot + 1), secret)) ? token : null;
}

/**
 * The session token the request presents, or null. An `Authorization: Bearer` header, when sent,
 * is the only credential looked at (a bad one is not topped up by a cookie). It may carry the raw
 * token (what the cookie holds before the dot) or the signed value (the `set-auth-token` header,
 * URL-encoded or not), as Better Auth's bearer plugin accepted.
 */
export async function presentedToken(c: Context<AppEnv>, secret: string): Promise<string | null> {
  const authorization = c.req.header("authorization");
  if (authorization && /^bearer\s/i.test(authorization)) {
    const value = authorization.slice(7).trim();
    if (!value || value.length > MAX_TOKEN_CHARS + 50) return null;
    if (!value.includes(".")) return /^[A-Za-z0-9_-]+$/.test(value) && value.length <= MAX_TOKEN_CHARS ? value : null;
    return verifiedToken(value.includes("%") ? decoded(value) : value, secret);
  }
  const cookie = getCookie(c, sessionCookieName(c.get("deps").config.appUrl));
  return cookie ? verifiedToken(cookie, secret) : null;
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const attributes = (appUrl: string) => ({ path: "/", httpOnly: true, secure: isHttps(appUrl), sameSite: "Lax" as const });

/** Sets the session cookie; returns its value (the signed token). */
export async function setSessionCookie(c: Context<AppEnv>, token: string, secret: string): Promise<string> {
  const appUrl = c.get("deps").config.appUrl;
  const value = await signedToken(token, secret);
  setCookie(c, sessionCookieName(appUrl), value, { ...attributes(appUrl), maxAge: SESSION_DAYS * 24 * 60 * 60 });
  return value;
}

export function expireSessionCookie(c: Context<AppEnv>): void {
  const appUrl = c.get("deps").config.appUrl;
  setCookie(c, sessionCookieName(appUrl), "", { ...attributes(appUrl), maxAge: 0 });
}
