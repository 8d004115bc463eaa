/**
 * The dev and test entry: the production app plus what only a local machine needs: the Stripe
 * emulator (when no STRIPE_SECRET_KEY is set), the mailbox, a movable clock and the demo seed.
 * wrangler.toml's [env.dev] points here; the production bundle (src/index.ts) never imports it.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { Hono } from "hono";
import type { AppEnv, Platform } from "../app-env";
import { createApp } from "../app";
import type { Env } from "../env";
import { buildDeps } from "../lib/deps";
import type Stripe from "stripe";
import { createStripeClient } from "../platform/stripe";
import { remotePlatform } from "../platform/remote";
import { runStripeCall, type StripeCall, type StripeCallResult } from "../platform/stripe-call";
import { runJobs, type Job } from "../jobs";
import { runScheduled } from "../scheduled";
import { seedDemo } from "../communities/seed";
import { createStripeEmulator } from "./stripe-emulator";
import { mailboxRoutes } from "./mailbox";
import { devClock, clockRoutes } from "./clock";

type Emulator = ReturnType<typeof createStripeEmulator>;
const emulators = new WeakMap<D1Database, Emulator>();

function emulatorFor(env: Env): Emulator {
  const db = env.STRIPE_EMULATOR_DB;
  if (!db) throw new Error("STRIPE_EMULATOR_DB binding is missing: run with `--env dev`");
  let emu = emulators.get(db);
  if (!emu) {
    emu = createStripeEmulator({
      db,
      appUrl: (env.APP_URL || "http://localhost:8787").replace(/\/+$/, ""),
      webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "",
      deliver: async (req) => app.fetch(req, env, backgroundContext()),
      now: () => devClock.now(),
    });
    emulators.set(db, emu);
  }
  return emu;
}

const usesEmulator = (env: Env) => !env.STRIPE_SECRET_KEY;

/** The SDK, pointed at the emulator unless a real test key is set. */
function devStripeClient(env: Env): Stripe {
  if (!usesEmulator(env)) return createStripeClient({ secretKey: env.STRIPE_SECRET_KEY! });
  return createStripeClient({ secretKey: "sk_test_threshold_emulator", fetch: emulatorFor(env).fetch });
}

/** The dev Worker's own background entrypoint for Stripe calls (its PAYMENTS binding, wrangler.toml). */
export class Payments extends WorkerEntrypoint<Env> {
  stripe(call: StripeCall): Promise<StripeCallResult> {
    return runStripeCall(() => devStripeClient(this.env), call);
  }
}

export const devPlatform: Platform = {
  // The page Workers' platform for Stripe: every call crosses the PAYMENTS binding to the
  // `Payments` entrypoint above, so the tests and `npm run dev` exercise the hop as deployed.
  stripe: remotePlatform.stripe,
  now: () => devClock.now(),
  afterStripeCall(env, ctx) {
    if (usesEmulator(env) && env.STRIPE_EMULATOR_AUTODELIVER === "1") {
      ctx.waitUntil(emulatorFor(env).deliverPending().catch((e) => console.error("emulator delivery", e)));
    }
  },
};

let seeded: Promise<void> | null = null;

const app = createApp({
  platform: devPlatform,
  extend(app: Hono<AppEnv>) {
    app.use("*", async (c, next) => {
      if (c.env.DEV_SEED === "1") {
        seeded ??= seedDemo(c.get("deps")).catch((e) => {
          seeded = null;
          throw e;
        });
        await seeded;
      }
      await next();
    });
    app.route("/dev/mailbox", mailboxRoutes);
    app.route("/dev/clock", clockRoutes);
    app.all("/dev/stripe/*", (c) => {
      const url = new URL(c.req.url);
      url.pathname = url.pathname.slice("/dev/stripe".length) || "/";
      return emulatorFor(c.env).pages.fetch(new Request(url, c.req.raw), c.env, c.executionCtx);
    });
  },
});

function backgroundContext(): ExecutionContext {
  return {
    waitUntil: (p: Promise<unknown>) => void p.catch((e) => console.error(e)),
    passThroughOnException: () => {},
    props: {},
  } as unknown as ExecutionContext;
}

/** For tests: the emulator behind a given env, and the deps the app would build. */
export function devTools(env: Env) {
  return { emulator: emulatorFor(env), deps: buildDeps(env, devPlatform) };
}

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    // Logged so that a run triggered by hand in dev (README, "Cron") shows what it did.
    ctx.waitUntil(runScheduled(env, devPlatform, devClock.now()).then((report) => console.log("scheduled run", JSON.stringify(report))));
  },
  async queue(batch, env) {
    await runJobs(batch, env, devPlatform);
  },
} satisfies ExportedHandler<Env, Job>;
