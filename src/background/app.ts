import type { Hono } from "hono";
import type { AppEnv, Platform } from "../app-env";
import { baseApp } from "../app-base";
import { healthRoutes } from "../health/routes";
import { webhookRoutes } from "../billing/webhook-route";
import { renderErrorPage } from "../ui/error-page";

/**
 * What the background Worker (src/background/index.ts) answers over HTTP: Stripe's webhooks,
 * which the public Worker sends on by their path (src/routing.ts BACKGROUND_PATHS), and the
 * health check. No route of these overlaps another Worker's (test/scale/worker-split.test.ts).
 */
export const BACKGROUND_ROUTES = [healthRoutes, webhookRoutes];

export function createBackgroundApp({ platform }: { platform: Platform }): Hono<AppEnv> {
  const app = baseApp(platform, { errorPage: renderErrorPage });
  for (const routes of BACKGROUND_ROUTES) app.route("/", routes);
  return app;
}
