import type { Hono } from "hono";
import { listOpts, type Wrap } from "./api";
import { render, renderList } from "./core";
import { capturePaymentIntent, cancelPaymentIntent, createRefund } from "./ops-payments";

/** PaymentIntents, charges and refunds. */
export function registerPaymentRoutes(app: Hono, wrap: Wrap): void {
  app.get(
    "/v1/payment_intents/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "payment_intent"), expand)),
  );
  app.post(
    "/v1/payment_intents/:id",
    wrap(async ({ tx, args, param, expand }) => {
      const pi = await tx.must(param("id"), "payment_intent");
      pi.metadata = args.metadata(pi.metadata);
      if (args.has("description")) pi.description = args.str("description") || null;
      return render(tx, tx.put(pi), expand);
    }),
  );
  app.post(
    "/v1/payment_intents/:id/capture",
    wrap(async ({ tx, args, param, expand }) => {
      const pi = await tx.must(param("id"), "payment_intent");
      pi.metadata = args.metadata(pi.metadata);
      return render(tx, await capturePaymentIntent(tx, pi, args.int("amount_to_capture", 1)), expand);
    }),
  );
  app.post(
    "/v1/payment_intents/:id/cancel",
    wrap(async ({ tx, args, param, expand }) => {
      const pi = await tx.must(param("id"), "payment_intent");
      const reason =
        args.oneOf("cancellation_reason", ["duplicate", "fraudulent", "requested_by_customer", "abandoned"] as const) ?? "requested_by_customer";
      const charge = pi.latest_charge ? await tx.get(pi.latest_charge) : null;
      return render(tx, cancelPaymentIntent(tx, pi, reason, charge), expand);
    }),
  );
  app.get(
    "/v1/charges/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "charge"), expand)),
  );

  app.post(
    "/v1/refunds",
    wrap(async ({ tx, args, expand }) => render(tx, await createRefund(tx, args), expand)),
  );
  app.get(
    "/v1/refunds/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "refund"), expand)),
  );
  app.get(
    "/v1/refunds",
    wrap(async ({ tx, args, expand }) => {
      const where = { payment_intent: args.str("payment_intent") || undefined, charge: args.str("charge") || undefined };
      return renderList(tx, await tx.list("refund", where, listOpts(args)), "/v1/refunds", expand);
    }),
  );
}
