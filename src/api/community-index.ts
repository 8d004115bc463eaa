/**
 * The community API Worker's entry (wrangler.community-api.toml): the community space's JSON API
 * (src/api/community.ts: spaces, moderation, search, notifications, profiles and people, events,
 * honours) under /api/v1, reached from the public Worker through a service binding for the areas
 * src/routing.ts lists in COMMUNITY_API_AREAS. The API Worker (src/api/index.ts) answers the rest
 * and serves the OpenAPI document of both. Two Workers, so that a new isolate of either evaluates
 * only half of the API's modules at start-up (README, "Cold start").
 */
import type { Env } from "../env";
import { remotePlatform } from "../platform/remote";
import { createApiApp } from "./app";
import { COMMUNITY_API } from "./community";

const app = createApiApp({ platform: remotePlatform, lists: COMMUNITY_API });

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
