import { SegmentRouter } from "../lib/router";
import type { Platform } from "../app-env";
import type { Env } from "../env";
import { API_PATHS, BACKGROUND_PATHS, COMMUNITY_API_PATHS, OWNER_PATHS } from "../routing";
import { PUBLIC_ROUTES, createPublicApp } from "./app";

/** The public Worker's bindings: the full app's, plus the Workers behind it. */
export interface FrontEnv extends Env {
  /** Service binding to the Threshold Worker: member pages (wrangler.public.toml `[[services]]`). */
  APP: Fetcher;
  /** Service binding to the background Worker (wrangler.background.toml): Stripe's webhooks, under BACKGROUND_PATHS. */
  BACKGROUND: Fetcher;
  /** Service binding to the owners' Worker (wrangler.owners.toml): the paths under OWNER_PATHS. */
  OWNERS: Fetcher;
  /** Service binding to the API Worker (wrangler.api.toml): the paths under API_PATHS but those below. */
  API: Fetcher;
  /** Service binding to the community API Worker (wrangler.community-api.toml): the paths under COMMUNITY_API_PATHS. */
  COMMUNITY_API: Fetcher;
}

/** Which Worker answers a request: this one, or one behind it (src/routing.ts). */
export type Target = "public" | "owners" | "api" | "communityApi" | "background" | "app";

/**
 * The front of the public Worker. A request for one of the public endpoints (PUBLIC_ROUTES: the
 * landing page, apply, the status page and its payment, sign-in, the health check) is answered
 * here, by the same code and middleware as in the full app; any other request goes, untouched,
 * through a service binding to the Worker whose paths it is on: the owners' Worker (OWNER_PATHS),
 * the community API Worker (COMMUNITY_API_PATHS), the API Worker (the rest of API_PATHS), the
 * background Worker (BACKGROUND_PATHS: Stripe's webhooks), or else the Threshold Worker. The choice is made before any
 * middleware runs, since the form guards read request bodies.
 */
export function createFront({ platform }: { platform: Platform }) {
  const app = createPublicApp({ platform });
  // The endpoints' methods and paths, read from the route modules (their middleware left out).
  const endpoints = new SegmentRouter<Target>();
  for (const routes of PUBLIC_ROUTES) {
    for (const route of routes.routes) if (route.method !== "ALL") endpoints.add(route.method, route.path, "public");
  }
  const prefixes = new SegmentRouter<Target>();
  for (const path of OWNER_PATHS) prefixes.add("ALL", path, "owners");
  // The first match answers: the community areas before the rest of the API.
  for (const path of COMMUNITY_API_PATHS) prefixes.add("ALL", path, "communityApi");
  for (const path of API_PATHS) prefixes.add("ALL", path, "api");
  for (const path of BACKGROUND_PATHS) prefixes.add("ALL", path, "background");
  const targetOf = (request: Request): Target => {
    const method = request.method === "HEAD" ? "GET" : request.method;
    const path = new URL(request.url).pathname;
    return endpoints.match(method, path)[0][0]?.[0] ?? prefixes.match(method, path)[0][0]?.[0] ?? "app";
  };
  return {
    targetOf,
    isPublic: (request: Request): boolean => targetOf(request) === "public",
    fetch(request: Request, env: FrontEnv, ctx: ExecutionContext): Response | Promise<Response> {
      const target = targetOf(request);
      if (target === "public") return app.fetch(request, env, ctx);
      const behind = { owners: env.OWNERS, api: env.API, communityApi: env.COMMUNITY_API, background: env.BACKGROUND, app: env.APP }[target];
      return behind.fetch(request);
    },
  };
}
