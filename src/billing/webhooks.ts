import { and, eq, isNull, lt, or } from "drizzle-orm";
import type Stripe from "stripe";
import * as z from "zod/mini";
import "../lib/zod-messages";
import { stripeEvents } from "../../drizzle";
import { applicationPaymentHandlers } from "../applications/webhook-handlers";
import { membershipHandlers } from "../memberships/webhook-handlers";
import { promotionHandlers } from "../promotions/webhook-handlers";
import { referralHandlers } from "../referrals/webhook-handlers";
import { ticketHandlers } from "../events/tickets";
import { groupPaymentHandlers } from "../groups/settle";
import { giftHandlers } from "../gifts/lifecycle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import { isStripeInvalidRequest, type StripeCallError } from "../platform/stripe-call";
// Object schemas are built on first use (z.lazy), not while a new isolate starts: README, "Cold start".

export type StripeEventHandler = (deps: Deps, event: Stripe.Event) => Promise<void>;
export type HandlerMap = Partial<Record<Stripe.Event.Type, StripeEventHandler>>;

/**
 * Each feature registers the event types it handles. A type may matter to several features
 * (a completed Checkout Session is an application fee or a membership), so each gets its turn;
 * each handler ignores objects that are not its own. A Map, not an object: an event type is text
 * from outside, and "constructor" or "__proto__" must find nothing rather than Object's own members.
 */
function mergeHandlers(...maps: HandlerMap[]): Map<string, StripeEventHandler[]> {
  const merged = new Map<string, StripeEventHandler[]>();
  for (const map of maps) {
    for (const [type, handler] of Object.entries(map) as [string, StripeEventHandler][]) {
      merged.set(type, [...(merged.get(type) ?? []), handler]);
    }
  }
  return merged;
}

// Groups come after applications: they read the fee state the application's handler just synced.
export const stripeHandlers = mergeHandlers(applicationPaymentHandlers, membershipHandlers, groupPaymentHandlers, giftHandlers, referralHandlers, promotionHandlers, ticketHandlers);

/** A signed body is still text from outside: everything the dispatcher and the claim read must be there. */
const eventEnvelope = z.lazy(() =>
  z.looseObject({
    id: z.string().check(z.minLength(1), z.maxLength(255)),
    type: z.string().check(z.minLength(1), z.maxLength(255)),
    created: z.number().check(z.int(), z.nonnegative(), z.lte(1e11)),
    data: z.looseObject({ object: z.looseObject({ id: z.string().check(z.minLength(1), z.maxLength(255)) }) }),
  }),
);

/** Parses a verified webhook body; a malformed envelope is a permanent 400 (Stripe stops retrying). */
export function parseEventEnvelope(raw: string): Stripe.Event {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError(400, "bad_request", "The event body is not JSON");
  }
  const result = eventEnvelope.safeParse(json);
  if (!result.success) throw AppError.validation(zodIssues(result.error), "The event is malformed");
  return result.data as unknown as Stripe.Event;
}

export type EventOutcome = "processed" | "duplicate" | "ignored" | "not_ours";

/** How long one delivery owns an event before another may take over (Stripe calls retry twice inside). */
const CLAIM_LEASE_MS = 5 * 60 * 1000;

/**
 * Claims the event by id, then dispatches it. The claim is atomic: the insert that creates the row
 * (or the update that takes over a stale lease) is what lets a delivery run the handlers, so two
 * parallel deliveries of one event never both run them; the loser answers 409 and Stripe retries.
 * A failed handler releases the claim and stays unprocessed, so Stripe's retry runs it again
 * (handlers re-read Stripe, so running twice is safe); a processed event is a duplicate.
 */
export async function handleStripeEvent(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  const handlers = stripeHandlers.get(event.type);
  if (!handlers) return "ignored";
  if (!(await claimEvent(deps, event))) {
    const row = await deps.db.query.stripeEvents.findFirst({ where: eq(stripeEvents.id, event.id) });
    if (row?.processedAt) return "duplicate";
    throw AppError.conflict("This event is being processed by another delivery; retry later");
  }
  let outcome: EventOutcome = "processed";
  try {
    for (const handler of handlers) await handler(deps, event);
  } catch (err) {
    if (!isUnknownToStripe(err)) {
      await deps.db.update(stripeEvents).set({ claimedAt: null }).where(eq(stripeEvents.id, event.id));
      throw err;
    }
    // Stripe does not know the object (another account, or a test event): not ours, and a 5xx
    // would only make Stripe retry for days.
    outcome = "not_ours";
  }
  await deps.db
    .update(stripeEvents)
    .set({ processedAt: deps.now() })
    .where(and(eq(stripeEvents.id, event.id), isNull(stripeEvents.processedAt)));
  return outcome;
}

async function claimEvent(deps: Deps, event: Stripe.Event): Promise<boolean> {
  const now = deps.now();
  const inserted = await deps.db
    .insert(stripeEvents)
    .values({ id: event.id, type: event.type, stripeCreatedAt: new Date(event.created * 1000), receivedAt: now, claimedAt: now })
    .onConflictDoNothing()
    .returning({ id: stripeEvents.id });
  if (inserted.length) return true;
  const takenOver = await deps.db
    .update(stripeEvents)
    .set({ claimedAt: now })
    .where(
      and(
        eq(stripeEvents.id, event.id),
        isNull(stripeEvents.processedAt),
        or(isNull(stripeEvents.claimedAt), lt(stripeEvents.claimedAt, new Date(now.getTime() - CLAIM_LEASE_MS))),
      ),
    )
    .returning({ id: stripeEvents.id });
  return takenOver.length === 1;
}

function isUnknownToStripe(err: unknown): boolean {
  return isStripeInvalidRequest(err) && ((err as StripeCallError).code === "resource_missing" || (err as StripeCallError).statusCode === 404);
}
