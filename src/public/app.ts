import type { Hono } from "hono";
import type { AppEnv, Platform } from "../app-env";
import { baseApp } from "../app-base";
import { healthRoutes } from "../health/routes";
import { authRoutes } from "../auth/routes";
import { landingRoutes } from "../applications/routes";
import { renderErrorPage } from "../ui/error-page";

/**
 * The pages an applicant meets, for the public Worker (src/public/index.ts): the health check, sign-in
 * and sign-out, and the landing routes (landing page, apply, the application's status page and
 * its payment), in the order createApp adds them, behind the same middleware. No earlier route of
 * createApp's overlaps these paths, so each is answered exactly as the full app answers it.
 */
export const PUBLIC_ROUTES = [healthRoutes, authRoutes, landingRoutes];

/** The public subset of the app (see PUBLIC_ROUTES). */
export function createPublicApp({ platform }: { platform: Platform }): Hono<AppEnv> {
  const app = baseApp(platform, { errorPage: renderErrorPage });
  for (const routes of PUBLIC_ROUTES) app.route("/", routes);
  return app;
}

