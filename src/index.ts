import { createApp } from "./app";
import type { Env } from "./env";
import { productionPlatform } from "./platform/production";
import { runScheduled } from "./scheduled";

const app = createApp({ platform: productionPlatform });

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, productionPlatform, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;
