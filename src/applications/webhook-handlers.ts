import { eq, or } from "drizzle-orm";
import type Stripe from "stripe";
import { applications, type Application } from "../../drizzle";
import type { HandlerMap } from "../billing/webhooks";
import { currentSessionOf } from "../billing/event-objects";
import type { Deps } from "../env";
import { markCheckoutExpired } from "./checkout";
import { syncApplicationPayment } from "./payments";

function applicationIdOf(obj: { metadata?: Stripe.Metadata | null; client_reference_id?: string | null }): string | null {
  return obj.metadata?.application_id ?? obj.client_reference_id ?? null;
}

async function findApplication(deps: Deps, id: string | null, paymentIntentId?: string | null): Promise<Application | undefined> {
  if (!id && !paymentIntentId) return undefined;
  return deps.db.query.applications.findFirst({
    where: or(id ? eq(applications.id, id) : undefined, paymentIntentId ? eq(applications.paymentIntentId, paymentIntentId) : undefined),
  });
}

/** Checkout completed: adopt the session if the application has no other payment, then sync. */
async function onCheckoutCompleted(deps: Deps, event: Stripe.Event) {
  const session = await currentSessionOf(deps, event);
  if (session.mode !== "payment") return;
  const app = await findApplication(deps, applicationIdOf(session));
  if (!app) return;
  if (session.id !== app.checkoutSessionId) {
    await adoptOrRefundStraySession(deps, app, session);
    return;
  }
  await syncApplicationPayment(deps, app, session);
}

/**
 * A session that is not the application's current one was paid (a retry raced an old tab). If the
 * application has no payment yet it becomes the current one; otherwise that second payment is
 * returned at once: nobody pays the fee twice. `session` is Stripe's current copy.
 */
async function adoptOrRefundStraySession(deps: Deps, app: Application, session: Stripe.Checkout.Session) {
  const intentId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  if (session.status !== "complete" || !intentId) return;
  if (!app.paymentIntentId || ["unpaid", "checkout_expired", "hold_expired"].includes(app.paymentStatus)) {
    await deps.db.update(applications).set({ checkoutSessionId: session.id, paymentIntentId: null }).where(eq(applications.id, app.id));
    await syncApplicationPayment(deps, { ...app, checkoutSessionId: session.id, paymentIntentId: null }, session);
    return;
  }
  if (intentId === app.paymentIntentId) return;
  const intent = await deps.stripe.paymentIntents.retrieve(intentId);
  const key = `threshold:duplicate-payment:${intentId}`;
  if (intent.status === "requires_capture") await deps.stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey: key });
  else if (intent.status === "succeeded") await deps.stripe.refunds.create({ payment_intent: intentId, reason: "duplicate" }, { idempotencyKey: key });
}

async function onCheckoutExpired(deps: Deps, event: Stripe.Event) {
  // A signed but stale or replayed event must not end an open payment: ask Stripe.
  const session = await currentSessionOf(deps, event);
  if (session.mode !== "payment" || session.status !== "expired") return;
  const app = await findApplication(deps, applicationIdOf(session));
  if (app) await markCheckoutExpired(deps, session, app);
}

/** Any change to a fee's PaymentIntent or its charge: look again at Stripe. */
async function onPaymentChanged(deps: Deps, event: Stripe.Event) {
  const obj = event.data.object as Stripe.PaymentIntent | Stripe.Charge | Stripe.Refund;
  const intentId =
    obj.object === "payment_intent" ? obj.id : typeof obj.payment_intent === "string" ? obj.payment_intent : obj.payment_intent?.id;
  const app = await findApplication(deps, obj.metadata?.application_id ?? null, intentId);
  if (app) await syncApplicationPayment(deps, app);
}

export const applicationPaymentHandlers: HandlerMap = {
  "checkout.session.completed": onCheckoutCompleted,
  "checkout.session.async_payment_succeeded": onCheckoutCompleted,
  "checkout.session.expired": onCheckoutExpired,
  "payment_intent.amount_capturable_updated": onPaymentChanged,
  "payment_intent.succeeded": onPaymentChanged,
  "payment_intent.canceled": onPaymentChanged,
  "charge.refunded": onPaymentChanged,
  "refund.created": onPaymentChanged,
  "refund.updated": onPaymentChanged,
};
