import type { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { mountApiRoutes, type ApiRouteList } from "./openapi";

/**
 * How an API app serves /api/v1/openapi.json: built from every route of the API (`build`: the dev
 * app, with src/api/document.ts's generator), or as the document `npm run openapi` wrote from them
 * (`text`: the API Worker, which then needs neither the community API's modules nor the generator;
 * src/api/openapi-document.txt, kept current by test/api/openapi-document.test.ts).
 */
export type ApiDocument = { build: (appUrl: string) => unknown } | { text: string };

/** The servers URL the written document carries, replaced by the deployment's APP_URL when served. */
export const DOCUMENT_APP_URL = "https://app-url.invalid";

/**
 * Adds the JSON API's routes of `lists` to `app` under /api/v1, straight into its router and
 * behind its middleware and error handler (which answers Hono's own client errors, a body that is
 * not JSON or not declared JSON, with the standard error body), and the OpenAPI 3.1 document where
 * `document` is given. Each resource group lives in its own file; handlers only check access, call
 * the feature's domain functions and shape the response. The API deploys as two Workers
 * (src/routing.ts): the API Worker (src/api/core.ts's lists and the document) and the community
 * API Worker (src/api/community.ts's); `npm run dev` and the tests mount both.
 */
export function mountApi(app: Hono<AppEnv>, lists: ApiRouteList[], document?: ApiDocument): void {
  const api = app.basePath("/api/v1");
  mountApiRoutes(api, ...lists);
  if (!document) return;
  if ("text" in document) {
    api.get("/openapi.json", (c) => {
      const servers = JSON.stringify(`${c.get("deps").config.appUrl}/api/v1`);
      return c.body(document.text.replace(`"${DOCUMENT_APP_URL}/api/v1"`, servers), 200, { "content-type": "application/json" });
    });
    return;
  }
  api.get("/openapi.json", (c) => c.json(document.build(c.get("deps").config.appUrl) as object));
}
