import type { Env } from "../env";
import { AppError } from "../lib/errors";
import { escapeHtml } from "../ui/markdown";

/**
 * Sign-in by emailed link and database sessions, on the tables Better Auth created (drizzle/auth.ts).
 * This module replaced Better Auth and keeps what it put on the wire: the cookie's name, value and
 * attributes, the bearer token forms, the `/api/auth/*` paths and the verification rows, so sessions
 * and links issued before the change stay valid.
 */

export const MAGIC_LINK_MINUTES = 15;
export const SESSION_DAYS = 30;
/** A session's expiry slides forward at most once a day, so a busy reader does not write on every page. */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/** The secret that signs session cookies. Without it nobody can sign in, so it is a 500 naming the setting. */
export function authSecret(env: Env): string {
  if (!env.BETTER_AUTH_SECRET) throw new AppError(500, "misconfigured", "BETTER_AUTH_SECRET is not set");
  return env.BETTER_AUTH_SECRET;
}

export function magicLinkEmail(to: string, url: string) {
  const text = [
    "Hello,",
    "",
    "Use this link to sign in to Threshold:",
    "",
    url,
    "",
    `It works once and expires in ${MAGIC_LINK_MINUTES} minutes.`,
    "If you did not ask to sign in, you can ignore this email.",
  ].join("\n");
  const href = escapeHtml(url);
  const html =
    `<p>Hello,</p><p>Use this link to sign in to Threshold:</p>` +
    `<p><a href="${href}">Sign in to Threshold</a></p><p>Or paste this address into your browser:<br>${href}</p>` +
    `<p>It works once and expires in ${MAGIC_LINK_MINUTES} minutes. If you did not ask to sign in, you can ignore this email.</p>`;
  return { to, subject: "Your sign-in link for Threshold", text, html, kind: "magic_link" };
}
