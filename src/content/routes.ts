import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { contentAdminRoutes } from "./admin-routes";
import { contentMemberRoutes } from "./member-routes";

/**
 * Member content drops: owner pages under /c/:slug/admin/content, member pages under
 * /c/:slug/drops, the private feed /c/:slug/feed/:token.xml. The one-click unsubscribe routes
 * (./unsubscribe) and the API (./api) are mounted separately by src/app.ts and src/api/routes.ts.
 */
export const contentRoutes = new Hono<AppEnv>().route("/", contentAdminRoutes).route("/", contentMemberRoutes);
