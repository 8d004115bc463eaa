import type { Hono } from "hono";
import type { AppEnv, Platform } from "../app-env";
import { baseApp } from "../app-base";
import { apiRoutes } from "./routes";

/** The JSON API alone, behind the shared middleware (src/app-base.ts): the API Worker (src/api/index.ts). */
export function createApiApp({ platform }: { platform: Platform }): Hono<AppEnv> {
  return baseApp(platform, { errorPage: null }).route("/api/v1", apiRoutes);
}
