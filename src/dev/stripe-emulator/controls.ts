import type { Hono } from "hono";
import { type EmuCtx, render, runTx } from "./core";
import { StripeApiError } from "./errors";
import { listEventRows, redeliver } from "./events";
import { failSubscriptionPayment, paySubscription, renewSubscription } from "./ops-billing";
import { expireHold } from "./ops-payments";
import type { Obj, Tx } from "./store";

/** Dev controls (JSON): delivery, event log, and time passing for subscriptions and holds. */
export function registerDevControls(app: Hono, ctx: EmuCtx): void {
  app.post("/deliver", async (c) => c.json(await ctx.deliverPending()));

  app.get("/events", async (c) => {
    const rows = await listEventRows(ctx);
    return c.json({
      object: "list",
      data: rows.map((r) => ({ ...r.event, delivery: { delivered_at: r.delivered_at, attempts: r.attempts, last_status: r.last_status, last_error: r.last_error } })),
    });
  });

  app.post("/events/:id/redeliver", async (c) => {
    try {
      return c.json(await redeliver(ctx, c.req.param("id")));
    } catch (e) {
      if (e instanceof Error && e.message.startsWith("No such event")) {
        throw new StripeApiError(404, "invalid_request_error", e.message, "resource_missing", "id");
      }
      throw e;
    }
  });

  const controls: Record<string, (tx: Tx, sub: Obj) => Promise<{ subscription: Obj; invoice: Obj | null }>> = {
    "fail-payment": failSubscriptionPayment,
    pay: paySubscription,
    renew: (tx, sub) => renewSubscription(tx, sub, true),
  };
  app.post("/subscriptions/:id/:action", async (c) => {
    const op = controls[c.req.param("action")];
    if (!op) throw new StripeApiError(404, "invalid_request_error", `Unknown subscription control: ${c.req.param("action")}`, "resource_missing");
    const result = await runTx(ctx, async (tx) => {
      const out = await op(tx, await tx.must(c.req.param("id"), "subscription"));
      return { subscription: await render(tx, out.subscription), invoice: out.invoice ? await render(tx, out.invoice) : null };
    });
    return c.json(result);
  });

  app.post("/payment_intents/:id/expire-hold", async (c) => {
    const pi = await runTx(ctx, async (tx) => render(tx, await expireHold(tx, c.req.param("id"))));
    return c.json(pi);
  });
}
