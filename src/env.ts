import type Stripe from "stripe";
import type { Job } from "./jobs";
import type { Db } from "./lib/db";
import type { Mailer } from "./platform/email";
import type { PaymentsBinding } from "./platform/stripe-call";
import { readRateLimits, type RateLimits } from "./lib/rate-limit";

/** Bindings and variables, as wrangler.toml and `wrangler secret put` provide them. */
export interface Env {
  DB: D1Database;
  /** Background jobs (Cloudflare Queue): the cron produces, src/jobs.ts consumes. */
  JOBS: Queue<Job>;
  /** Files attached to content drops (R2). */
  FILES: R2Bucket;
  APP_URL: string;
  /** Comma-separated emails of the deployment's operators: they create communities and name owners. */
  OPERATOR_EMAILS?: string;
  BETTER_AUTH_SECRET?: string;
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  /** The background Worker's Payments entrypoint, which runs the page Workers' Stripe calls (src/platform/remote.ts). */
  PAYMENTS?: PaymentsBinding;
  /** "resend" (production) or "outbox" (dev and tests: mail is only stored, shown at /dev/mailbox). */
  EMAIL_PROVIDER?: string;
  EMAIL_FROM?: string;
  RESEND_API_KEY?: string;
  /** How many hours before a card hold lapses the owner is warned (default 48). */
  HOLD_WARNING_HOURS?: string;
  /** Rate limits as "<count>/<seconds>"; defaults in src/lib/rate-limit.ts and README. */
  RATE_LIMIT_SIGNIN_EMAIL?: string;
  RATE_LIMIT_SIGNIN_IP?: string;
  RATE_LIMIT_APPLY_EMAIL?: string;
  RATE_LIMIT_APPLY_IP?: string;
  RATE_LIMIT_COMMENT?: string;
  // Dev entry only (src/dev): the Stripe emulator's store and switches.
  STRIPE_EMULATOR_DB?: D1Database;
  STRIPE_EMULATOR_AUTODELIVER?: string;
  DEV_SEED?: string;
}

/** What domain functions need: plain dependencies, no Hono context. */
export interface Deps {
  db: Db;
  stripe: Stripe;
  mailer: Mailer;
  now: () => Date;
  config: Config;
}

export interface Config {
  appUrl: string;
  operatorEmails: string[];
  webhookSecret: string;
  holdWarningHours: number;
  rateLimits: RateLimits;
}

export function readConfig(env: Env): Config {
  return {
    appUrl: (env.APP_URL || "http://localhost:8787").replace(/\/+$/, ""),
    operatorEmails: (env.OPERATOR_EMAILS ?? "")
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "",
    holdWarningHours: Number(env.HOLD_WARNING_HOURS ?? 48) || 48,
    rateLimits: readRateLimits(env),
  };
}
