// @ts-ignore -- provided by workerd's nodejs_compat; @types/node is not a dependency.
import { AsyncLocalStorage } from "node:async_hooks";
import Stripe from "stripe";
import type { DeliveryResult, EmuCtx } from "./core";
import { undelivered, withSchema } from "./store";

/** Signed webhook delivery of queued events, one at a time, in creation order. */

interface EventRow {
  seq: number;
  id: string;
  type: string;
  json: string;
}

const MAX_PER_RUN = 200;

// One delivery run at a time per isolate, so events reach the app in order and never twice.
let running = false;
// Set while an event is being delivered: a nested deliverPending() (the app calling the
// emulator during its webhook handler) returns at once; the outer run picks up new events.
const delivering: { run<R>(store: boolean, fn: () => R): R; getStore(): boolean | undefined } = new AsyncLocalStorage();

/**
 * Runs `fn` when no other run is going. A request waits on its own timer rather than on the
 * running request's promise: workerd runs a promise's continuations in the request that settled
 * it, so a run chained onto another request's would do its D1 calls as that request, and fail
 * ("Cannot perform I/O on behalf of a different request") once that request had ended.
 */
async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  while (running) await new Promise((resolve) => setTimeout(resolve, 2));
  running = true;
  try {
    return await fn();
  } finally {
    running = false;
  }
}

export async function signPayload(ctx: EmuCtx, payload: string): Promise<string> {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: ctx.webhookSecret,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });
}

async function send(ctx: EmuCtx, row: EventRow): Promise<DeliveryResult> {
  const header = await signPayload(ctx, row.json);
  const req = new Request(`${ctx.appUrl}/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body: row.json,
  });
  let status = 0;
  let error: string | undefined;
  try {
    const res = await delivering.run(true, () => ctx.deliver(req));
    status = res.status;
    await res.body?.cancel().catch(() => undefined);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const delivered = status > 0 && status < 500;
  const now = Math.floor(ctx.now().getTime() / 1000);
  await ctx.db
    .prepare(
      "UPDATE stripe_events SET attempts = attempts + 1, last_status = ?, last_error = ?, delivered_at = CASE WHEN ? THEN COALESCE(delivered_at, ?) ELSE delivered_at END WHERE id = ?",
    )
    .bind(status, error ?? null, delivered ? 1 : 0, now, row.id)
    .run();
  return { eventId: row.id, type: row.type, status, delivered, ...(error ? { error } : {}) };
}

/** Delivers undelivered events oldest first, including ones queued while delivering. */
export function deliverPending(ctx: EmuCtx): Promise<DeliveryResult[]> {
  if (delivering.getStore() || !undelivered.mayExist) return Promise.resolve([]);
  // Cleared before the run reads: an event queued from here on sets it again for the next run.
  undelivered.mayExist = false;
  return exclusive(() =>
    withSchema(ctx.db, async () => {
      const results: DeliveryResult[] = [];
      let after = 0;
      while (results.length < MAX_PER_RUN) {
        const row = await ctx.db
          .prepare("SELECT seq, id, type, json FROM stripe_events WHERE delivered_at IS NULL AND seq > ? ORDER BY seq LIMIT 1")
          .bind(after)
          .first<EventRow>();
        if (!row) break;
        after = row.seq;
        results.push(await send(ctx, row));
      }
      // A failed delivery is retried by the next run, as Stripe retries; so is a run cut short.
      if (results.length >= MAX_PER_RUN || results.some((r) => !r.delivered)) undelivered.mayExist = true;
      return results;
    }).catch((e: unknown) => {
      // A run that failed part-way leaves its events for the next one.
      undelivered.mayExist = true;
      throw e;
    }),
  );
}

export function redeliver(ctx: EmuCtx, eventId: string): Promise<DeliveryResult> {
  return withSchema(ctx.db, async () => {
    const row = await ctx.db.prepare("SELECT seq, id, type, json FROM stripe_events WHERE id = ?").bind(eventId).first<EventRow>();
    if (!row) throw new Error(`No such event: '${eventId}'`);
    return delivering.getStore() ? send(ctx, row) : exclusive(() => send(ctx, row));
  });
}

export interface EventWithDelivery {
  event: Stripe.Event;
  delivered_at: number | null;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
}

export function listEventRows(ctx: EmuCtx): Promise<EventWithDelivery[]> {
  return withSchema(ctx.db, async () => {
    const { results } = await ctx.db
      .prepare("SELECT json, delivered_at, attempts, last_status, last_error FROM stripe_events ORDER BY seq")
      .all<{ json: string; delivered_at: number | null; attempts: number; last_status: number | null; last_error: string | null }>();
    return results.map((r) => ({
      event: JSON.parse(r.json) as Stripe.Event,
      delivered_at: r.delivered_at,
      attempts: r.attempts,
      last_status: r.last_status,
      last_error: r.last_error,
    }));
  });
}
