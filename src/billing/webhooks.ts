import { eq, isNull, and } from "drizzle-orm";
import type Stripe from "stripe";
import { stripeEvents } from "../../drizzle";
import { applicationPaymentHandlers } from "../applications/webhook-handlers";
import { membershipHandlers } from "../memberships/webhook-handlers";
import type { Deps } from "../env";

export type StripeEventHandler = (deps: Deps, event: Stripe.Event) => Promise<void>;
export type HandlerMap = Partial<Record<Stripe.Event.Type, StripeEventHandler>>;

/**
 * Each feature registers the event types it handles. A type may matter to several features
 * (a completed Checkout Session is an application fee or a membership), so each gets its turn;
 * each handler ignores objects that are not its own.
 */
function mergeHandlers(...maps: HandlerMap[]): Partial<Record<Stripe.Event.Type, StripeEventHandler[]>> {
  const merged: Partial<Record<Stripe.Event.Type, StripeEventHandler[]>> = {};
  for (const map of maps) {
    for (const [type, handler] of Object.entries(map) as [Stripe.Event.Type, StripeEventHandler][]) {
      (merged[type] ??= []).push(handler);
    }
  }
  return merged;
}

export const stripeHandlers = mergeHandlers(applicationPaymentHandlers, membershipHandlers);

export type EventOutcome = "processed" | "duplicate" | "ignored";

/**
 * Claims the event by id, then dispatches it. A claimed event whose handler failed stays
 * unprocessed, so Stripe's retry runs it again (handlers re-read Stripe, so running twice is safe);
 * a processed one is a duplicate and changes nothing.
 */
export async function handleStripeEvent(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  const handlers = stripeHandlers[event.type];
  if (!handlers) return "ignored";
  const now = deps.now();
  await deps.db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type, stripeCreatedAt: new Date(event.created * 1000), receivedAt: now })
    .onConflictDoNothing();
  const claimed = await deps.db.query.stripeEvents.findFirst({ where: eq(stripeEvents.id, event.id) });
  if (claimed?.processedAt) return "duplicate";
  for (const handler of handlers) await handler(deps, event);
  await deps.db
    .update(stripeEvents)
    .set({ processedAt: deps.now() })
    .where(and(eq(stripeEvents.id, event.id), isNull(stripeEvents.processedAt)));
  return "processed";
}
