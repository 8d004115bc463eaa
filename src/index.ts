import { createApp } from "./app";
import type { Env } from "./env";
import { runJobs, type Job } from "./jobs";
import { productionPlatform } from "./platform/production";
import { runScheduled } from "./scheduled";

const app = createApp({ platform: productionPlatform });

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, productionPlatform, new Date(controller.scheduledTime)));
  },
  async queue(batch, env) {
    await runJobs(batch, env, productionPlatform);
  },
} satisfies ExportedHandler<Env, Job>;
