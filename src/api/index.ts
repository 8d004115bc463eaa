/**
 * The API Worker's entry (wrangler.api.toml): the JSON API's core under /api/v1 (src/api/core.ts)
 * and its OpenAPI document, reached from the public Worker through a service binding
 * (src/routing.ts). The community space's resources are the community API Worker's
 * (src/api/community-index.ts); their modules are imported here only for the document. The API's
 * routes, their zod schemas and OpenAPI metadata stay out of the page Workers' bundles (README,
 * "Cold start").
 */
import type { Env } from "../env";
import { productionPlatform } from "../platform/production";
import { createApiApp } from "./app";
import { CORE_API } from "./core";

const app = createApiApp({ platform: productionPlatform, lists: CORE_API, documented: () => import("./all").then((m) => m.ALL_API) });

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
