import { Hono } from "hono";
import { PatternRouter } from "hono/router/pattern-router";
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
import { renderErrorPage } from "./ui/error-page";
import { healthRoutes } from "./health/routes";
import { authRoutes } from "./auth/routes";
import { loadAccountMenu } from "./auth/account-menu";
import { timeZoneRoutes } from "./auth/time-zone-routes";
import { webhookRoutes } from "./billing/webhook-route";
import { apiSameOrigin } from "./api/same-origin";
import { landingRoutes } from "./applications/routes";
import { referralRoutes } from "./referrals/routes";
import { promotionRoutes } from "./promotions/routes";
import { groupRoutes } from "./groups/routes";
import { giftRoutes } from "./gifts/routes";
import { reviewRoutes } from "./review/routes";
import { communityAdminRoutes } from "./communities/routes";
import { memberAdminRoutes } from "./members/routes";
import { tierAdminRoutes } from "./tiers/routes";
import { experimentAdminRoutes } from "./experiments/routes";
import { membershipRoutes } from "./memberships/routes";
import { contentRoutes } from "./content/routes";
import { unsubscribeRoutes } from "./content/unsubscribe";
import { moderationRoutes } from "./moderation/routes";
import { notificationRoutes } from "./notifications/routes";
import { homeRoutes } from "./home/routes";
import { profileRoutes } from "./profiles/routes";
import { spaceRoutes } from "./spaces/routes";
import { eventRoutes } from "./events/routes";
import { insightsRoutes } from "./insights/routes";
import { honourRoutes } from "./honours/routes";
import { honourAdminRoutes } from "./honours/admin-routes";

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

export interface CreateAppOptions {
  platform: Platform;
  /** Extra routes mounted before the features (the dev entry adds /dev/*). */
  extend?: (app: Hono<AppEnv>) => void;
}

/** Builds the Threshold app once per isolate. */
export function createApp({ platform, extend }: CreateAppOptions): Hono<AppEnv> {
  // PatternRouter compiles each route's pattern when it is added, at start-up. Hono's default
  // (RegExpRouter) builds one matcher for all ~700 routes on the first request instead, which
  // doubled the first request of a new isolate (about 18 ms against 9 in workerd); matching a
  // warm request measured the same with both.
  const app = new Hono<AppEnv>({ router: new PatternRouter() });

  // Lets the page layout read the request's account menu without every page passing it along.
  app.use("*", contextStorage());
  app.use("*", async (c, next) => {
    c.set("requestId", c.req.header("cf-ray") ?? newId("req"));
    const session = openSession(c.env.DB, c);
    c.set("deps", buildDeps(c.env, platform, session.d1));
    c.set("viewer", null);
    await next();
    session.finish(c);
    platform.afterStripeCall?.(c.env, c.executionCtx);
  });
  app.use("*", secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  // One-click unsubscribe (RFC 8058): mail providers POST from their own servers, without our
  // Origin; the secret token in the URL is the credential. Mounted before the same-origin check.
  app.route("/", unsubscribeRoutes);
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
    if (wantsHtml(c.req.raw)) {
      return c.html(renderErrorPage(appError, requestId), appError.status);
    }
    return c.json(errorBody(appError, requestId), appError.status);
  });
  app.notFound((c) => {
    const err = AppError.notFound(`${c.req.method} ${c.req.path}`);
    if (wantsHtml(c.req.raw)) return c.html(renderErrorPage(err, c.get("requestId")), 404);
    return c.json(errorBody(err, c.get("requestId")), 404);
  });

  extend?.(app);
  app.route("/", healthRoutes);
  app.route("/", authRoutes);
  app.route("/", timeZoneRoutes);
  app.route("/", webhookRoutes);
  // /api/v1: mounted on its first request, below (mountApiOnFirstUse).
  app.route("/", landingRoutes);
  app.route("/", referralRoutes);
  app.route("/", promotionRoutes);
  app.route("/", groupRoutes);
  app.route("/", giftRoutes);
  app.route("/", reviewRoutes);
  app.route("/", communityAdminRoutes);
  app.route("/", memberAdminRoutes);
  app.route("/", tierAdminRoutes);
  app.route("/", experimentAdminRoutes);
  app.route("/", membershipRoutes);
  app.route("/", contentRoutes);
  app.route("/", moderationRoutes);
  app.route("/", notificationRoutes);
  app.route("/", homeRoutes);
  app.route("/", profileRoutes);
  app.route("/", spaceRoutes);
  app.route("/", eventRoutes);
  app.route("/", insightsRoutes);
  app.route("/", honourRoutes);
  app.route("/", honourAdminRoutes);
  mountApiOnFirstUse(app);
  return app;
}

/**
 * The JSON API is about 150 routes, each with zod schemas and OpenAPI metadata built when its
 * module is evaluated: about 10 ms of CPU of a new isolate's start-up (README, "Cold start"),
 * paid by every page view that landed on a fresh isolate. The API's modules are therefore imported,
 * and their routes added to this same app, when the isolate sees its first /api/v1 request, just
 * before dispatching it: same middleware, error handler and OpenAPI document as before, since
 * `apiRoutes` is built exactly as it was. Added after the page routes, which is safe because no
 * page route matches a path under /api/v1.
 */
function mountApiOnFirstUse(app: Hono<AppEnv>): void {
  let mounted: Promise<void> | undefined;
  const dispatch = app.fetch;
  app.fetch = async (request, env, executionCtx) => {
    if (!mounted && new URL(request.url).pathname.startsWith("/api/v1")) {
      mounted = import("./api/routes").then(
        ({ apiRoutes }) => void app.route("/api/v1", apiRoutes),
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

function wantsHtml(req: Request): boolean {
  const path = new URL(req.url).pathname;
  if (path.startsWith("/api/") || path.startsWith("/webhooks/")) return false;
  return (req.headers.get("accept") ?? "").includes("text/html");
}
