import type { Hono } from "hono";
import type { AppEnv, Platform } from "./app-env";
import { baseApp } from "./app-base";
import { healthRoutes } from "./health/routes";
import { authRoutes } from "./auth/routes";
import { timeZoneRoutes } from "./auth/time-zone-routes";
import { webhookRoutes } from "./billing/webhook-route";
import { landingRoutes } from "./applications/routes";
import { referralRoutes } from "./referrals/routes";
import { promotionRoutes } from "./promotions/routes";
import { groupRoutes } from "./groups/routes";
import { giftRoutes } from "./gifts/routes";
import { reviewRoutes } from "./review/routes";
import { communityAdminRoutes } from "./communities/routes";
import { memberAdminRoutes } from "./members/routes";
import { tierAdminRoutes } from "./tiers/routes";
import { experimentAdminRoutes } from "./experiments/routes";
import { membershipRoutes } from "./memberships/routes";
import { contentRoutes } from "./content/routes";
import { unsubscribeRoutes } from "./content/unsubscribe";
import { moderationRoutes } from "./moderation/routes";
import { notificationRoutes } from "./notifications/routes";
import { homeRoutes } from "./home/routes";
import { profileRoutes } from "./profiles/routes";
import { spaceRoutes } from "./spaces/routes";
import { eventRoutes } from "./events/routes";
import { insightsRoutes } from "./insights/routes";
import { honourRoutes } from "./honours/routes";
import { honourAdminRoutes } from "./honours/admin-routes";

export interface CreateAppOptions {
  platform: Platform;
  /** Extra routes mounted before the features (the dev entry adds /dev/*). */
  extend?: (app: Hono<AppEnv>) => void;
}

/** Builds the Threshold app once per isolate. */
export function createApp({ platform, extend }: CreateAppOptions): Hono<AppEnv> {
  const app = baseApp(platform, {
    // One-click unsubscribe (RFC 8058): mail providers POST from their own servers, without our
    // Origin; the secret token in the URL is the credential. Mounted before the same-origin check.
    beforeFormGuards: (app) => void app.route("/", unsubscribeRoutes),
  });
  extend?.(app);
  app.route("/", healthRoutes);
  app.route("/", authRoutes);
  app.route("/", timeZoneRoutes);
  app.route("/", webhookRoutes);
  // /api/v1: mounted on its first request, below (mountApiOnFirstUse).
  app.route("/", landingRoutes);
  app.route("/", referralRoutes);
  app.route("/", promotionRoutes);
  app.route("/", groupRoutes);
  app.route("/", giftRoutes);
  app.route("/", reviewRoutes);
  app.route("/", communityAdminRoutes);
  app.route("/", memberAdminRoutes);
  app.route("/", tierAdminRoutes);
  app.route("/", experimentAdminRoutes);
  app.route("/", membershipRoutes);
  app.route("/", contentRoutes);
  app.route("/", moderationRoutes);
  app.route("/", notificationRoutes);
  app.route("/", homeRoutes);
  app.route("/", profileRoutes);
  app.route("/", spaceRoutes);
  app.route("/", eventRoutes);
  app.route("/", insightsRoutes);
  app.route("/", honourRoutes);
  app.route("/", honourAdminRoutes);
  mountApiOnFirstUse(app);
  return app;
}

/**
 * The JSON API is about 150 routes, each with zod schemas and OpenAPI metadata built when its
 * module is evaluated: about 10 ms of CPU of a new isolate's start-up (README, "Cold start"),
 * paid by every page view that landed on a fresh isolate. The API's modules are therefore imported,
 * and their routes added to this same app, when the isolate sees its first /api/v1 request, just
 * before dispatching it: same middleware, error handler and OpenAPI document as before, since
 * `apiRoutes` is built exactly as it was. Added after the page routes, which is safe because no
 * page route matches a path under /api/v1.
 */
function mountApiOnFirstUse(app: Hono<AppEnv>): void {
  let mounted: Promise<void> | undefined;
  const dispatch = app.fetch;
  app.fetch = async (request, env, executionCtx) => {
    if (!mounted && new URL(request.url).pathname.startsWith("/api/v1")) {
      mounted = import("./api/routes").then(
        ({ apiRoutes }) => void app.route("/api/v1", apiRoutes),
        (err) => {
          mounted = undefined; // let the next request try again
          throw err;
        },
      );
    }
    if (mounted) await mounted;
    return dispatch(request, env, executionCtx);
  };
}

