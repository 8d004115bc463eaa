import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../env";
import { runJobs, type Job } from "../jobs";
import { productionPlatform } from "../platform/production";
import { runScheduled } from "../scheduled";
import { runStripeCall, type StripeCall, type StripeCallResult } from "../platform/stripe-call";
import { createBackgroundApp } from "./app";

/**
 * The background Worker (wrangler.background.toml): the cron (src/scheduled.ts), the queue
 * consumer (src/jobs.ts) and Stripe's webhooks, behind the public Worker's BACKGROUND service
 * binding. The Threshold Worker, which answers members' pages, then compiles none of the jobs on
 * a new isolate, and a queue batch never runs in an isolate that is serving a member's page.
 * It is also the one Worker that carries the Stripe SDK: the others send their Stripe calls to
 * `Payments` below over their PAYMENTS service binding (src/platform/stripe-call.ts).
 */
const app = createBackgroundApp({ platform: productionPlatform });

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, productionPlatform, new Date(controller.scheduledTime)));
  },
  async queue(batch, env) {
    await runJobs(batch, env, productionPlatform);
  },
} satisfies ExportedHandler<Env, Job>;

/** Runs the page Workers' Stripe calls with the SDK (their PAYMENTS binding names this entrypoint). */
export class Payments extends WorkerEntrypoint<Env> {
  stripe(call: StripeCall): Promise<StripeCallResult> {
    return runStripeCall(() => productionPlatform.stripe(this.env), call);
  }
}
