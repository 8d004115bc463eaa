import { Hono } from "hono";
import { contextStorage } from "hono/context-storage";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv, Platform } from "./app-env";
import { AppError, errorBody } from "./lib/errors";
import { formBodyGuard, jsonBodyGuard } from "./lib/body";
import { openSession } from "./lib/d1-session";
import { buildDeps } from "./lib/deps";
import { newId } from "./lib/ids";
import { SegmentRouter } from "./lib/router";
import { loadAccountMenu } from "./auth/account-menu";
import { apiSameOrigin } from "./api/same-origin";
import { forgetPublicConfigs } from "./experiments/config-cache";

/**
 * Threshold ships no JavaScript, so no script runs on any page, whatever gets into a page. Styles
 * need 'unsafe-inline': the layout's one <style> element could be hashed, but pages also carry
 * style attributes with computed values (topic colours, chart sizes), which no hash list can
 * cover; with scripts off and nothing loadable from elsewhere, inline CSS cannot reach out.
 * Form posts may land on Stripe's hosted pages (Checkout, billing portal) through our redirects.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  formAction: ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

export interface BaseAppOptions {
  /**
   * The HTML page an error or a 404 shows a browser (src/ui/error-page.tsx), off /api and
   * /webhooks. null in the API Worker: it serves /api/v1 alone, always in JSON, and leaves the
   * page layout out of its bundle.
   */
  errorPage: ((err: AppError, requestId: string) => string) | null;
  /** Routes that must answer before the same-origin check (the full app's one-click unsubscribe). */
  beforeFormGuards?: (app: Hono<AppEnv>) => void;
}

/** The middleware, error handler and 404 page every Threshold app shares, with no routes yet. */
export function baseApp(platform: Platform, { errorPage, beforeFormGuards }: BaseAppOptions): Hono<AppEnv> {
  // One pattern per route, tried only on paths of its length (src/lib/router.ts). Hono's default
  // (RegExpRouter) builds one matcher for all ~700 routes on the first request instead, which
  // doubled the first request of a new isolate (about 18 ms against 9 in workerd).
  const app = new Hono<AppEnv>({ router: new SegmentRouter() });

  // Lets the page layout read the request's account menu without every page passing it along.
  app.use("*", contextStorage());
  app.use("*", async (c, next) => {
    c.set("requestId", c.req.header("cf-ray") ?? newId("req"));
    const session = openSession(c.env.DB, c);
    c.set("deps", buildDeps(c.env, platform, session.d1));
    c.set("viewer", null);
    await next();
    // A request that may have written (an owner's edit above all) drops this isolate's kept
    // landing-page configurations (src/experiments/config-cache.ts), so its next view reads them fresh.
    if (c.req.method !== "GET" && c.req.method !== "HEAD") forgetPublicConfigs();
    session.finish(c);
    platform.afterStripeCall?.(c.env, c.executionCtx);
  });
  app.use("*", secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  beforeFormGuards?.(app);
  // Browser form posts must come from our own pages; the JSON API and webhooks are not cookie-only forms.
  // Every form body is then read once, bounded, and refused with a 400 if it cannot be parsed.
  for (const path of ["/c/*", "/a/*", "/signin", "/signout", "/admin/*", "/preferences/*"]) {
    if (path !== "/signout") app.use(path, csrf());
    app.use(path, formBodyGuard);
  }
  app.use("/api/v1/*", apiSameOrigin, jsonBodyGuard);
  app.use("*", loadAccountMenu);

  app.onError((err, c) => {
    // Redirects to sign-in and csrf() refusals carry their own response.
    if (err instanceof HTTPException && err.res) return err.getResponse();
    const requestId = c.get("requestId") ?? "unknown";
    const appError =
      err instanceof AppError
        ? err
        : err instanceof HTTPException && err.status < 500
          ? new AppError(err.status, "bad_request", err.message || "Bad request")
          : new AppError(500, "internal", "Something went wrong on our side. Please try again.");
    if (appError.status >= 500) console.error(requestId, err);
    if (appError.retryAfterSeconds) c.header("Retry-After", String(appError.retryAfterSeconds));
    if (errorPage && wantsHtml(c.req.raw)) {
      return c.html(errorPage(appError, requestId), appError.status);
    }
    return c.json(errorBody(appError, requestId), appError.status);
  });
  app.notFound((c) => {
    const err = AppError.notFound(`${c.req.method} ${c.req.path}`);
    if (errorPage && wantsHtml(c.req.raw)) return c.html(errorPage(err, c.get("requestId")), 404);
    return c.json(errorBody(err, c.get("requestId")), 404);
  });
  return app;
}

function wantsHtml(req: Request): boolean {
  const path = new URL(req.url).pathname;
  if (path.startsWith("/api/") || path.startsWith("/webhooks/")) return false;
  return (req.headers.get("accept") ?? "").includes("text/html");
}
