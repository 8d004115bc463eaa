import type { Hono } from "hono";
import { listOpts, type Wrap } from "./api";
import { isHttpUrl, render, renderList } from "./core";
import { invalidParam, missingParam } from "./errors";
import { portalSessionObj } from "./objects-billing";
import { createCheckoutSession, expireSession, loadSession } from "./ops-checkout";

/** Checkout Sessions and billing-portal sessions. */
export function registerCheckoutRoutes(app: Hono, wrap: Wrap): void {
  app.post(
    "/v1/checkout/sessions",
    wrap(async ({ tx, args, expand, ctx }) => render(tx, await createCheckoutSession(tx, ctx, args), expand)),
  );
  app.get(
    "/v1/checkout/sessions/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await loadSession(tx, param("id")), expand)),
  );
  app.get(
    "/v1/checkout/sessions/:id/line_items",
    wrap(async ({ tx, param, expand }) => {
      const s = await loadSession(tx, param("id"));
      return renderList(tx, { data: s._line_items.data, has_more: false }, s._line_items.url, expand);
    }),
  );
  app.post(
    "/v1/checkout/sessions/:id/expire",
    wrap(async ({ tx, param, expand }) => render(tx, expireSession(tx, await loadSession(tx, param("id"))), expand)),
  );
  app.get(
    "/v1/checkout/sessions",
    wrap(async ({ tx, args, expand }) => {
      const where = {
        payment_intent: args.str("payment_intent") || undefined,
        subscription: args.str("subscription") || undefined,
        customer: args.str("customer") || undefined,
        status: args.oneOf("status", ["open", "complete", "expired"] as const),
      };
      return renderList(tx, await tx.list("checkout.session", where, listOpts(args)), "/v1/checkout/sessions", expand);
    }),
  );

  app.post(
    "/v1/billing_portal/sessions",
    wrap(async ({ tx, args, expand, ctx }) => {
      const customerId = args.str("customer");
      if (!customerId) throw missingParam("customer");
      await tx.must(customerId, "customer", "customer");
      const returnUrl = args.str("return_url") || null;
      if (returnUrl && !isHttpUrl(returnUrl)) throw invalidParam("Not a valid URL: return_url", "return_url", "url_invalid");
      return render(tx, tx.put(portalSessionObj(tx.now, ctx.appUrl, customerId, returnUrl)), expand);
    }),
  );
}
