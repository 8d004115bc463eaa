/**
 * The API Worker's entry (wrangler.api.toml): the JSON API's core under /api/v1 (src/api/core.ts)
 * and its OpenAPI document, reached from the public Worker through a service binding
 * (src/routing.ts). The community space's resources are the community API Worker's
 * (src/api/community-index.ts). The document describes both: it is the one `npm run openapi`
 * wrote (src/api/openapi-document.txt, a text module), so the community API's modules stay out of
 * this Worker. The API's routes, their zod schemas and OpenAPI metadata stay out of the page
 * Workers' bundles (README, "Cold start").
 */
import type { Env } from "../env";
import { remotePlatform } from "../platform/remote";
import { createApiApp } from "./app";
import { CORE_API } from "./core";
import openapiDocument from "./openapi-document.txt";

const app = createApiApp({ platform: remotePlatform, lists: CORE_API, document: { text: openapiDocument } });

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
