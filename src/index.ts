import { createMemberApp } from "./member-app";
import type { Env } from "./env";
import { runJobs, type Job } from "./jobs";
import { productionPlatform } from "./platform/production";
import { runScheduled } from "./scheduled";

// The Threshold Worker: member pages, webhooks, the cron and the queue consumer. The owners' pages
// and the JSON API deploy as Workers of their own behind the public one (src/routing.ts).
const app = createMemberApp({ platform: productionPlatform });

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, productionPlatform, new Date(controller.scheduledTime)));
  },
  async queue(batch, env) {
    await runJobs(batch, env, productionPlatform);
  },
} satisfies ExportedHandler<Env, Job>;
