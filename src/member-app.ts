import type { Hono } from "hono";
import type { AppEnv, Platform } from "./app-env";
import { baseApp } from "./app-base";
import { timeZoneRoutes } from "./auth/time-zone-routes";
import { referralRoutes } from "./referrals/routes";
import { groupRoutes } from "./groups/routes";
import { giftRoutes } from "./gifts/routes";
import { membershipRoutes } from "./memberships/routes";
import { contentMemberRoutes } from "./content/member-routes";
import { unsubscribeRoutes } from "./content/unsubscribe";
import { moderationRoutes } from "./moderation/routes";
import { notificationRoutes } from "./notifications/routes";
import { homeRoutes } from "./home/routes";
import { profileRoutes } from "./profiles/routes";
import { spaceRoutes } from "./spaces/routes";
import { eventRoutes } from "./events/routes";
import { honourRoutes } from "./honours/routes";
import { renderErrorPage } from "./ui/error-page";

/**
 * The route modules of the Threshold Worker: members' pages and what mail providers reach (the
 * one-click unsubscribe is mounted by `memberBaseApp`), in the order createApp (src/app.ts) adds
 * them. The public Worker's pages (src/public/app.ts PUBLIC_ROUTES: landing, apply, status,
 * sign-in, health), the owners' (OWNER_ROUTES), the JSON API and Stripe's webhooks
 * (src/background/app.ts) are not here: the public Worker answers or sends on every request for
 * them before it reaches this one. No module is in both this list and OWNER_ROUTES
 * (src/owners/app.ts): referrals, groups and moderation keep their owners' routes in
 * admin-routes.tsx. test/scale/worker-split.test.ts checks that the lists cover the app and that
 * no route of one answers a path of another.
 */
export const MEMBER_ROUTES = [
  timeZoneRoutes,
  referralRoutes,
  groupRoutes,
  giftRoutes,
  membershipRoutes,
  contentMemberRoutes,
  moderationRoutes,
  notificationRoutes,
  homeRoutes,
  profileRoutes,
  spaceRoutes,
  eventRoutes,
  honourRoutes,
];

/**
 * The Threshold Worker as it deploys (src/index.ts): the member app, without the owners' pages,
 * the JSON API and the webhooks, which deploy as Workers of their own (README, "Deploy").
 */
export function createMemberApp({ platform }: { platform: Platform }): Hono<AppEnv> {
  const app = memberBaseApp(platform);
  for (const routes of MEMBER_ROUTES) app.route("/", routes);
  return app;
}

/**
 * The shared middleware (src/app-base.ts) with one-click unsubscribe (RFC 8058) mounted before
 * the same-origin check: mail providers POST from their own servers, without our Origin; the
 * secret token in the URL is the credential.
 */
export function memberBaseApp(platform: Platform): Hono<AppEnv> {
  return baseApp(platform, { errorPage: renderErrorPage, beforeFormGuards: (app) => void app.route("/", unsubscribeRoutes) });
}
