import type { Platform } from "../app-env";
import { readConfig, type Deps, type Env } from "../env";
import { createMailer } from "../platform/email";
import { createDb } from "./db";

/**
 * Builds the per-request dependencies that domain functions take. `d1` is the request's D1
 * session (src/lib/d1-session.ts); the cron and the queue consumer use the binding itself.
 */
export function buildDeps(env: Env, platform: Platform, d1: D1Database = env.DB): Deps {
  const db = createDb(d1);
  const now = () => platform.now(env);
  let stripe: Deps["stripe"] | undefined;
  return {
    db,
    now,
    config: readConfig(env),
    mailer: createMailer({
      db,
      provider: env.EMAIL_PROVIDER ?? "resend",
      from: env.EMAIL_FROM ?? "Threshold <no-reply@localhost>",
      resendApiKey: env.RESEND_API_KEY,
      now,
    }),
    // Built on first use: most requests never talk to Stripe.
    get stripe() {
      stripe ??= platform.stripe(env);
      return stripe;
    },
  };
}
