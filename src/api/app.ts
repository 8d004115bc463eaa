import type { ApiRouteList } from "./openapi";
import type { Hono } from "hono";
import type { AppEnv, Platform } from "../app-env";
import { baseApp } from "../app-base";
import { mountApi, type ApiDocument } from "./routes";

/**
 * A JSON API Worker's app: the routes of `lists` behind the shared middleware (src/app-base.ts),
 * and the OpenAPI document where given (src/api/routes.ts). The API
 * Worker (src/api/index.ts) and the community API Worker (src/api/community-index.ts) are built
 * with it.
 */
export function createApiApp({ platform, lists, document }: { platform: Platform; lists: ApiRouteList[]; document?: ApiDocument }): Hono<AppEnv> {
  const app = baseApp(platform, { errorPage: null });
  mountApi(app, lists, document);
  return app;
}
