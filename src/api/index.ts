/**
 * The API Worker's entry (wrangler.api.toml): the JSON API under /api/v1, reached from the public
 * Worker through a service binding (src/routing.ts). Its ~150 routes, their zod schemas and OpenAPI
 * metadata stay out of the page Workers' bundles (README, "Cold start").
 */
import type { Env } from "../env";
import { productionPlatform } from "../platform/production";
import { createApiApp } from "./app";

const app = createApiApp({ platform: productionPlatform });

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
