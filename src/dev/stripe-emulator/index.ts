import { Hono } from "hono";
import type Stripe from "stripe";
import { createApi } from "./api";
import { registerDevControls } from "./controls";
import type { DeliveryResult, EmuCtx } from "./core";
import { StripeApiError } from "./errors";
import { deliverPending, listEventRows, redeliver, signPayload } from "./events";
import { expireHold } from "./ops-payments";
import { htmlError, registerHostedPages } from "./pages";
import { runTx } from "./core";

/**
 * An in-process Stripe emulator for dev mode and tests. The real `stripe` SDK talks to it via
 * `httpClient: Stripe.createFetchHttpClient(emulator.fetch)`; state lives in its own D1 database.
 * Events are queued when they happen and delivered, signed, by `deliverPending()`.
 */

export type { DeliveryResult } from "./core";

export interface StripeEmulatorOptions {
  /** STRIPE_EMULATOR_DB: a database only the dev entry has. */
  db: D1Database;
  /** e.g. http://localhost:8787 — hosted pages live at `${appUrl}/dev/stripe/...`. */
  appUrl: string;
  /** Events are signed with it (STRIPE_WEBHOOK_SECRET). */
  webhookSecret: string;
  /** Posts a signed event to the app's /webhooks/stripe. */
  deliver: (req: Request) => Promise<Response>;
  now?: () => Date;
  /** Called after a request queued events (e.g. `() => ctx.waitUntil(emulator.deliverPending())`). */
  onEventsQueued?: () => void;
}

export interface StripeEmulator {
  /** The Stripe REST API subset (form-encoded requests, JSON responses, Stripe-shaped errors). */
  fetch: typeof fetch;
  /** Hosted checkout/portal pages and dev controls; mount at /dev/stripe. */
  pages: Hono;
  deliverPending(): Promise<DeliveryResult[]>;
  listEvents(): Promise<Stripe.Event[]>;
  redeliver(eventId: string): Promise<DeliveryResult>;
  signPayload(payload: string): Promise<string>;
  advanceHold(paymentIntentId: string): Promise<void>;
}

export function createStripeEmulator(opts: StripeEmulatorOptions): StripeEmulator {
  const ctx: EmuCtx = {
    db: opts.db,
    appUrl: opts.appUrl.replace(/\/+$/, ""),
    webhookSecret: opts.webhookSecret,
    deliver: opts.deliver,
    now: opts.now ?? (() => new Date()),
    onEventsQueued: opts.onEventsQueued,
    deliverPending: () => deliverPending(ctx),
  };
  const api = createApi(ctx);

  const pages = new Hono();
  registerHostedPages(pages, ctx);
  registerDevControls(pages, ctx);
  pages.notFound((c) => c.json(new StripeApiError(404, "invalid_request_error", "No such emulator page", "resource_missing").toBody(), 404));
  pages.onError((err, c) => {
    if (/(^|\/)(checkout|portal)\//.test(c.req.path) && err instanceof StripeApiError) return htmlError(c, err);
    if (err instanceof StripeApiError) return c.json(err.toBody(), err.status as 400);
    console.error("stripe emulator page error", err);
    return c.json({ error: { type: "api_error", message: `Stripe emulator failure: ${err.message}` } }, 500);
  });

  return {
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => api.fetch(new Request(input, init))) as typeof fetch,
    pages,
    deliverPending: ctx.deliverPending,
    listEvents: async () => (await listEventRows(ctx)).map((r) => r.event),
    redeliver: (eventId) => redeliver(ctx, eventId),
    signPayload: (payload) => signPayload(ctx, payload),
    advanceHold: async (paymentIntentId) => {
      await runTx(ctx, (tx) => expireHold(tx, paymentIntentId));
    },
  };
}
