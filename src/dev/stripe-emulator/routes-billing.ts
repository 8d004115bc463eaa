import type { Hono } from "hono";
import { listOpts, type Wrap } from "./api";
import { render, renderList } from "./core";
import { cancelSubscriptionNow, invoicePaymentsOf, updateSubscription } from "./ops-billing";
import { setSubscriptionDiscounts } from "./ops-discounts";

const STATUSES = ["active", "past_due", "unpaid", "canceled", "incomplete", "incomplete_expired", "trialing", "paused", "all", "ended"] as const;

/** Subscriptions, invoices and invoice payments. */
export function registerBillingRoutes(app: Hono, wrap: Wrap): void {
  app.get(
    "/v1/subscriptions/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "subscription"), expand)),
  );
  app.get(
    "/v1/subscriptions",
    wrap(async ({ tx, args, expand }) => {
      const status = args.oneOf("status", STATUSES);
      const where = {
        customer: args.str("customer") || undefined,
        // Stripe lists non-canceled subscriptions unless a status is asked for.
        status: !status ? { not: "canceled" } : status === "all" || status === "ended" ? undefined : status,
      };
      const list = await tx.list("subscription", where, listOpts(args));
      if (status === "ended") list.data = list.data.filter((s) => s.status === "canceled" || s.status === "incomplete_expired");
      const price = args.str("price");
      if (price) list.data = list.data.filter((s) => s.items.data.some((it: { price: { id: string } }) => it.price.id === price));
      return renderList(tx, list, "/v1/subscriptions", expand);
    }),
  );
  app.post(
    "/v1/subscriptions/:id",
    wrap(async ({ tx, args, param, expand }) => {
      const sub = await tx.must(param("id"), "subscription");
      const updated = await updateSubscription(tx, sub, {
        discounts: args.has("discounts") ? (s) => setSubscriptionDiscounts(tx, s, args) : undefined,
        cancelAtPeriodEnd: args.bool("cancel_at_period_end"),
        items: args.list("items").map((it) => ({
          id: it.str("id") || undefined,
          price: it.str("price") || undefined,
          quantity: it.int("quantity", 1),
          param: it.prefix,
        })),
        metadata: args.has("metadata") ? (cur) => args.metadata(cur) : undefined,
        prorationBehavior: args.oneOf("proration_behavior", ["create_prorations", "none", "always_invoice"] as const),
        description: args.has("description") ? args.str("description") || null : undefined,
      });
      return render(tx, updated, expand);
    }),
  );
  app.delete(
    "/v1/subscriptions/:id",
    wrap(async ({ tx, param, expand }) => render(tx, cancelSubscriptionNow(tx, await tx.must(param("id"), "subscription")), expand)),
  );

  app.get(
    "/v1/invoices/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "invoice"), expand)),
  );
  app.get(
    "/v1/invoices",
    wrap(async ({ tx, args, expand }) => {
      const where = {
        customer: args.str("customer") || undefined,
        status: args.oneOf("status", ["draft", "open", "paid", "uncollectible", "void"] as const),
        // `subscription` lives at parent.subscription_details.subscription in this API version.
        "parent.subscription_details.subscription": args.str("subscription") || undefined,
      };
      const list = await tx.list("invoice", where, listOpts(args));
      return renderList(tx, list, "/v1/invoices", expand);
    }),
  );

  app.get(
    "/v1/invoice_payments/:id",
    wrap(async ({ tx, param, expand }) => render(tx, await tx.must(param("id"), "invoice_payment"), expand)),
  );
  app.get(
    "/v1/invoice_payments",
    wrap(async ({ tx, args, expand }) => {
      const status = args.oneOf("status", ["canceled", "open", "paid"] as const);
      const invoiceId = args.str("invoice");
      if (!invoiceId) return renderList(tx, await tx.list("invoice_payment", { status }, listOpts(args)), "/v1/invoice_payments", expand);
      const payments = await invoicePaymentsOf(tx, await tx.must(invoiceId, "invoice", "invoice"));
      const data = payments.filter((p) => !status || p.status === status);
      return renderList(tx, { data, has_more: false }, "/v1/invoice_payments", expand);
    }),
  );
}
