import type { Platform } from "../app-env";
import { readConfig, type Deps, type Env } from "../env";
import { createMailer } from "../platform/email";
import { createDb } from "./db";
import { lazyFields } from "./lazy-fields";

/**
 * Builds the per-request dependencies that domain functions take. `d1` is the request's D1
 * session (src/lib/d1-session.ts); the cron and the queue consumer use the binding itself.
 */
export function buildDeps(env: Env, platform: Platform, d1: D1Database = env.DB): Deps {
  // Each built on first use and kept: a request that never reads D1, mails or calls Stripe (the
  // sign-in page, a 404) builds none of them, and a new isolate compiles none of their code.
  const now = () => platform.now(env);
  const built = lazyFields({
    db: () => createDb(d1),
    config: () => readConfig(env),
    mailer: (): Deps["mailer"] =>
      createMailer({
        db: built.db,
        provider: env.EMAIL_PROVIDER ?? "resend",
        from: env.EMAIL_FROM ?? "Threshold <no-reply@localhost>",
        resendApiKey: env.RESEND_API_KEY,
        now,
      }),
    stripe: () => platform.stripe(env),
  });
  return Object.assign(built, { now });
}
