import type { Hono } from "hono";
import type { AppEnv, Platform } from "../app-env";
import { baseApp } from "../app-base";
import { referralAdminRoutes } from "../referrals/admin-routes";
import { promotionRoutes } from "../promotions/routes";
import { groupAdminRoutes } from "../groups/admin-routes";
import { reviewRoutes } from "../review/routes";
import { communityAdminRoutes } from "../communities/routes";
import { memberAdminRoutes } from "../members/routes";
import { tierAdminRoutes } from "../tiers/routes";
import { experimentAdminRoutes } from "../experiments/routes";
import { contentAdminRoutes } from "../content/admin-routes";
import { moderationAdminRoutes } from "../moderation/admin-routes";
import { insightsRoutes } from "../insights/routes";
import { peopleAdminRoutes } from "../profiles/people-admin-routes";
import { spaceAdminRoutes } from "../spaces/admin-routes";
import { eventAdminRoutes } from "../events/admin-routes";
import { honourAdminRoutes } from "../honours/admin-routes";
import { renderErrorPage } from "../ui/error-page";

/**
 * Every route module with a page under the owners' paths (src/routing.ts OWNER_PATHS: a
 * community's /c/:slug/admin pages and the operator's /admin pages), in the order createApp
 * (src/app.ts) adds them. No module here holds a member page (referrals, groups and moderation
 * keep their members' routes in routes.tsx and their owners' in admin-routes.tsx).
 */
export const OWNER_ROUTES = [
  referralAdminRoutes,
  promotionRoutes,
  groupAdminRoutes,
  reviewRoutes,
  communityAdminRoutes,
  memberAdminRoutes,
  tierAdminRoutes,
  experimentAdminRoutes,
  contentAdminRoutes,
  moderationAdminRoutes,
  peopleAdminRoutes,
  spaceAdminRoutes,
  eventAdminRoutes,
  insightsRoutes,
  honourAdminRoutes,
];

/** The owners' Worker (src/owners/index.ts): the pages under OWNER_PATHS, behind the same middleware. */
export function createOwnersApp({ platform }: { platform: Platform }): Hono<AppEnv> {
  const app = baseApp(platform, { errorPage: renderErrorPage });
  for (const routes of OWNER_ROUTES) app.route("/", routes);
  return app;
}
