import type { Platform } from "../app-env";
import { readConfig, type Deps, type Env } from "../env";
import { createMailer } from "../platform/email";
import { createDb } from "./db";
import { once } from "./lazy-fields";

/**
 * Builds the per-request dependencies that domain functions take. `d1` is the request's D1
 * session (src/lib/d1-session.ts); the cron and the queue consumer use the binding itself.
 */
export function buildDeps(env: Env, platform: Platform, d1: D1Database = env.DB): Deps {
  const now = () => platform.now(env);
  // Each built on first use and kept: a request that never reads D1, mails or calls Stripe (the
  // sign-in page, a 404) builds none of them, and a new isolate compiles none of their code.
  const db = once(() => createDb(d1));
  const config = once(() => readConfig(env));
  const mailer = once(() =>
    createMailer({
      db: db(),
      provider: env.EMAIL_PROVIDER ?? "resend",
      from: env.EMAIL_FROM ?? "Threshold <no-reply@localhost>",
      resendApiKey: env.RESEND_API_KEY,
      now,
    }),
  );
  const stripe = once(() => platform.stripe(env));
  return {
    get db() {
      return db();
    },
    now,
    get config() {
      return config();
    },
    get mailer() {
      return mailer();
    },
    get stripe() {
      return stripe();
    },
  };
}
