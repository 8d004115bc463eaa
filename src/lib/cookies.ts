import type { Context } from "hono";
import { setCookie } from "hono/cookie";

/**
 * Sets one of our own first-party cookies: HttpOnly, SameSite=Lax, Secure whenever the request
 * came over https, scoped to `path`; `maxAgeSeconds` unset makes it last the browser session.
 * (The session cookie follows APP_URL instead: src/auth/session-cookie.ts.)
 */
export function setOwnCookie(c: Context, name: string, value: string, path: string, maxAgeSeconds?: number): void {
  setCookie(c, name, value, {
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Lax",
    path,
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  });
}
