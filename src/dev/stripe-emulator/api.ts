import { type Context, Hono } from "hono";
import { type EmuCtx, runTx, unix } from "./core";
import { idempotencyError, StripeApiError } from "./errors";
import { Args, decodeParams } from "./params";
import { registerBillingRoutes } from "./routes-billing";
import { registerCatalogRoutes } from "./routes-catalog";
import { registerCheckoutRoutes } from "./routes-checkout";
import { registerDiscountRoutes } from "./routes-discounts";
import { registerPaymentRoutes } from "./routes-payments";
import { abandonIdempotent, finishIdempotentStmt, newId, type Obj, startIdempotent, type Tx, withSchema } from "./store";

/** The Stripe REST API subset, as a Hono app answering https://api.stripe.com/v1/... */

export interface RouteReq {
  tx: Tx;
  args: Args;
  param: (name: string) => string;
  expand: string[];
  ctx: EmuCtx;
}
export type Handler = (r: RouteReq) => Promise<Obj>;
export type Wrap = (fn: Handler) => (c: Context) => Promise<Response>;

/** `limit` and `starting_after` of list endpoints. */
export function listOpts(a: Args): { limit?: number; startingAfter?: string } {
  return { limit: a.int("limit", 1), startingAfter: a.str("starting_after") || undefined };
}

export function createApi(ctx: EmuCtx): Hono {
  const app = new Hono();

  const wrap: Wrap = (fn) => async (c) => {
    if (!/^Bearer \S+/.test(c.req.header("authorization") ?? "")) {
      throw new StripeApiError(401, "invalid_request_error", "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
    }
    const url = new URL(c.req.url);
    const method = c.req.method;
    const body = method === "GET" || method === "HEAD" ? "" : new TextDecoder().decode(await c.req.arrayBuffer());
    const args = new Args({ ...decodeParams(url.search.slice(1)), ...decodeParams(body) });
    const key = method === "POST" || method === "DELETE" ? c.req.header("idempotency-key") || undefined : undefined;
    const path = `${method} ${url.pathname}`;
    const requestId = newId("req", 14);
    const headers: Record<string, string> = { "content-type": "application/json", "request-id": requestId };
    if (key) {
      headers["idempotency-key"] = key;
      const start = await withSchema(ctx.db, () => startIdempotent(ctx.db, key, path, body, unix(ctx.now())));
      if (start.kind === "replay") return new Response(start.response, { status: start.status, headers: { ...headers, "idempotent-replayed": "true" } });
      if (start.kind === "mismatch") {
        throw idempotencyError(`Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
      }
      if (start.kind === "in_progress") throw idempotencyError("There is currently another in-progress request using this Stripe-Idempotency-Key. Please try again later.", 409);
    }
    try {
      const text = await runTx(
        ctx,
        async (tx) => {
          tx.request = { id: requestId, idempotency_key: key ?? null };
          return JSON.stringify(await fn({ tx, args, param: (n) => c.req.param(n) ?? "", expand: args.expand(), ctx }));
        },
        key ? (t) => [finishIdempotentStmt(ctx.db, key, path, 200, t)] : undefined,
      );
      return new Response(text, { status: 200, headers });
    } catch (e) {
      if (key) await abandonIdempotent(ctx.db, key, path).catch(() => undefined);
      throw e;
    }
  };

  registerCatalogRoutes(app, wrap);
  registerCheckoutRoutes(app, wrap);
  registerPaymentRoutes(app, wrap);
  registerBillingRoutes(app, wrap);
  registerDiscountRoutes(app, wrap);

  app.notFound((c) =>
    c.json(
      new StripeApiError(404, "invalid_request_error", `Unrecognized request URL (${c.req.method}: ${new URL(c.req.url).pathname}). The Stripe emulator implements only the endpoints Threshold uses.`, "resource_missing").toBody(),
      404,
    ),
  );
  app.onError((err, c) => {
    if (err instanceof StripeApiError) {
      // Like Stripe, tell the SDK a lost lock race is worth retrying.
      if (err.code === "lock_timeout") c.header("stripe-should-retry", "true");
      return c.json(err.toBody(), err.status as 400);
    }
    console.error("stripe emulator error", err);
    return c.json({ error: { type: "api_error", message: `Stripe emulator failure: ${err.message}` } }, 500);
  });
  return app;
}
