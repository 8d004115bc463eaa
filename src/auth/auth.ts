import { betterAuth } from "better-auth/minimal";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { bearer } from "better-auth/plugins/bearer";
import { magicLink } from "better-auth/plugins/magic-link";
import { sql } from "drizzle-orm";
import { account, session, user, verification } from "../../drizzle/auth";
import { recordSignIn } from "../activity/record";
import type { Deps, Env } from "../env";
import { AppError } from "../lib/errors";
import { escapeHtml } from "../ui/markdown";

export const MAGIC_LINK_MINUTES = 15;
export const SESSION_DAYS = 30;
/** A session's expiry slides forward at most once a day (session-read.ts leaves that to Better Auth). */
export const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/**
 * Better Auth for one request. Bindings (and so the secret, the D1 handle and the mailer) are
 * per request on Workers, so the instance is too; construction is cheap because Better Auth
 * builds its context lazily on the first call. `better-auth/minimal` leaves Kysely out of the
 * bundle: the drizzle adapter is all we use.
 */
export function createAuth(env: Env, deps: Deps) {
  if (!env.BETTER_AUTH_SECRET) {
    throw new AppError(500, "misconfigured", "BETTER_AUTH_SECRET is not set");
  }
  const appUrl = deps.config.appUrl;
  return betterAuth({
    appName: "Threshold",
    baseURL: appUrl,
    basePath: "/api/auth",
    secret: env.BETTER_AUTH_SECRET,
    trustedOrigins: [appUrl],
    database: drizzleAdapter(deps.db, {
      provider: "sqlite",
      schema: { user, session, account, verification },
    }),
    session: {
      expiresIn: SESSION_DAYS * 24 * 60 * 60,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
    },
    advanced: {
      // Cloudflare puts the client address here; it keys Better Auth's rate limiter.
      ipAddress: { ipAddressHeaders: ["cf-connecting-ip", "x-forwarded-for"] },
    },
    telemetry: { enabled: false },
    // A magic link is the only way in, so a new session is a completed sign-in: the activity record counts it.
    databaseHooks: {
      session: {
        create: {
          after: async (created) => {
            await recordSignIn(deps.db, sql`(select lower(${user.email}) from ${user} where ${user.id} = ${created.userId})`, deps.now());
          },
        },
      },
    },
    plugins: [
      magicLink({
        expiresIn: MAGIC_LINK_MINUTES * 60,
        // Anyone may sign in; what they can do is decided by staff roles, not by having an account.
        disableSignUp: false,
        sendMagicLink: ({ email, url }) => deps.mailer.send(magicLinkEmail(email.toLowerCase(), url)),
      }),
      bearer(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

function magicLinkEmail(to: string, url: string) {
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
