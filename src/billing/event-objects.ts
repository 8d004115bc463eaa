import type Stripe from "stripe";
import type { Deps } from "../env";

const sessions = new WeakMap<Stripe.Event, Promise<Stripe.Checkout.Session>>();

/**
 * The Checkout Session a `checkout.session.*` event is about, as Stripe holds it now: a signed
 * event may be stale or replayed, so no handler acts on the payload's copy. Read once per event,
 * however many features handle it.
 */
export function currentSessionOf(deps: Deps, event: Stripe.Event): Promise<Stripe.Checkout.Session> {
  let session = sessions.get(event);
  if (!session) {
    session = deps.stripe.checkout.sessions.retrieve((event.data.object as { id: string }).id);
    sessions.set(event, session);
  }
  return session;
}
