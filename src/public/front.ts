import { PatternRouter } from "hono/router/pattern-router";
import type { Platform } from "../app-env";
import type { Env } from "../env";
import { PUBLIC_ROUTES, createPublicApp } from "./app";

/** The public Worker's bindings: the full app's, plus the full Worker itself. */
export interface FrontEnv extends Env {
  /** Service binding to the full Threshold Worker (wrangler.public.toml `[[services]]`). */
  APP: Fetcher;
}

/**
 * The front of the public Worker. A request for one of the public endpoints (PUBLIC_ROUTES: the
 * landing page, apply, the status page and its payment, sign-in, the health check) is answered
 * here, by the same code and middleware as in the full app; any other request goes, untouched,
 * to the full Worker through its service binding. The choice is made before any middleware runs,
 * since the form guards read request bodies.
 */
export function createFront({ platform }: { platform: Platform }) {
  const app = createPublicApp({ platform });
  // The endpoints' methods and paths, read from the route modules (their middleware left out).
  const endpoints = new PatternRouter<true>();
  for (const routes of PUBLIC_ROUTES) {
    for (const route of routes.routes) if (route.method !== "ALL") endpoints.add(route.method, route.path, true);
  }
  const isPublic = (request: Request): boolean => {
    const method = request.method === "HEAD" ? "GET" : request.method;
    return endpoints.match(method, new URL(request.url).pathname)[0].length > 0;
  };
  return {
    isPublic,
    fetch(request: Request, env: FrontEnv, ctx: ExecutionContext): Response | Promise<Response> {
      return isPublic(request) ? app.fetch(request, env, ctx) : env.APP.fetch(request);
    },
  };
}
