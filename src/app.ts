import type { Hono } from "hono";
import type { AppEnv, Platform } from "./app-env";
import { MEMBER_ROUTES, memberBaseApp } from "./member-app";
import { OWNER_ROUTES } from "./owners/app";
import { BACKGROUND_ROUTES } from "./background/app";
import { PUBLIC_ROUTES } from "./public/app";

export interface CreateAppOptions {
  platform: Platform;
  /** Extra routes mounted before the features (the dev entry adds /dev/*). */
  extend?: (app: Hono<AppEnv>) => void;
}

/**
 * Builds the whole Threshold app once per isolate: every page and the JSON API in one Worker, as
 * `npm run dev` and the tests run it. In production the same routes deploy as six Workers
 * (src/routing.ts): this composition is what they answer between them.
 */
export function createApp({ platform, extend }: CreateAppOptions): Hono<AppEnv> {
  const app = memberBaseApp(platform);
  extend?.(app);
  // The member, the owners' and the background Worker's route modules (src/member-app.ts,
  // src/owners/app.ts, src/background/app.ts), each mounted once; no route of one answers a path
  // of another (test/scale/worker-split.test.ts), so this one app answers every page exactly as
  // the deployed Workers do between them.
  for (const routes of new Set([...PUBLIC_ROUTES, ...MEMBER_ROUTES, ...OWNER_ROUTES, ...BACKGROUND_ROUTES])) app.route("/", routes);
  // /api/v1: mounted on its first request, below (mountApiOnFirstUse).
  mountApiOnFirstUse(app);
  return app;
}

/**
 * The JSON API is about 150 routes, each with zod schemas and OpenAPI metadata built when its
 * module is evaluated: about 10 ms of CPU of a new isolate's start-up (README, "Cold start"),
 * paid by every page view that landed on a fresh isolate. The API's modules are therefore imported,
 * and their routes added to this same app, when the isolate sees its first /api/v1 request, just
 * before dispatching it: same middleware, error handler and OpenAPI document as the two API
 * Workers together (`mountApi`, src/api/routes.ts). Added after the page routes, which is safe
 * because no page route matches a path under /api/v1.
 */
function mountApiOnFirstUse(app: Hono<AppEnv>): void {
  let mounted: Promise<void> | undefined;
  const dispatch = app.fetch;
  app.fetch = async (request, env, executionCtx) => {
    if (!mounted && new URL(request.url).pathname.startsWith("/api/v1")) {
      mounted = Promise.all([import("./api/routes"), import("./api/all"), import("./api/document")]).then(
        ([{ mountApi }, { ALL_API }, { openApiDocument }]) => mountApi(app, ALL_API, { build: openApiDocument(ALL_API) }),
        (err) => {
          mounted = undefined; // let the next request try again
          throw err;
        },
      );
    }
    if (mounted) await mounted;
    return dispatch(request, env, executionCtx);
  };
}

