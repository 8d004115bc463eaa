import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { applications, type Application, type CheckoutDiscount, type Community } from "../../drizzle";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { timelineEntry } from "./events";
import { syncApplicationPayment } from "./payments";
import { checkoutDiscountOf, stripeDiscounts } from "../promotions/checkout";

/** Checkout Sessions for an application fee live one hour; an abandoned one is replaced on retry. */
const CHECKOUT_TTL_SECONDS = 60 * 60;

/** States in which the applicant still owes the fee (or must authorize it again). */
export function needsPayment(app: Application): boolean {
  return (
    (app.status === "awaiting_payment" || app.status === "expired") &&
    ["unpaid", "checkout_expired", "hold_expired"].includes(app.paymentStatus)
  );
}

/**
 * Returns the URL where the applicant pays. Reuses the current session while it is open, so two
 * clicks never create two payable sessions; otherwise opens a new one. The amount is the one
 * stored on the application when it was submitted, never a value from the request.
 */
export async function checkoutUrlFor(deps: Deps, community: Community, app: Application, known?: KnownDiscount): Promise<string> {
  if (!needsPayment(app)) throw AppError.conflict("This application has nothing left to pay");
  if (app.checkoutSessionId) {
    const current = await deps.stripe.checkout.sessions.retrieve(app.checkoutSessionId);
    if (current.status === "open" && current.url) return current.url;
    if (current.status === "complete") {
      await syncApplicationPayment(deps, app, current);
      const refreshed = await deps.db.query.applications.findFirst({ where: eq(applications.id, app.id) });
      if (refreshed && !needsPayment(refreshed)) throw AppError.conflict("This application is already paid");
    }
  }
  return createCheckoutSession(deps, community, app, known);
}

/** The application's discount when the caller already knows it (a submission without one), saving the read. */
export type KnownDiscount = { discount: CheckoutDiscount | null };

/**
 * Where to send the applicant once their application is stored: the payment page when a fee is
 * due, else their status page. If Stripe cannot open a payment page this moment, the status page
 * (which offers the payment again) rather than an error that would tempt a second submission.
 */
export async function nextStepUrl(deps: Deps, community: Community, app: Application, known?: KnownDiscount): Promise<string> {
  const status = `/a/${app.statusToken}`;
  if (!needsPayment(app)) return status;
  return (await checkoutUrlOrNull(deps, community, app, known)) ?? `${status}?checkout=unavailable`;
}

/** The payment page for a new application, or null when Stripe could not open one just now. */
export async function checkoutUrlOrNull(deps: Deps, community: Community, app: Application, known?: KnownDiscount): Promise<string | null> {
  try {
    return await checkoutUrlFor(deps, community, app, known);
  } catch (e) {
    console.error("checkout could not be opened", app.id, e);
    return null;
  }
}

async function createCheckoutSession(deps: Deps, community: Community, app: Application, known?: KnownDiscount): Promise<string> {
  const attempt = app.checkoutAttempts + 1;
  const manual = app.feePolicy === "authorize_capture";
  const base = `${deps.config.appUrl}/a/${app.statusToken}`;
  // A referral offer or promotion code: the list fee less Stripe's discount comes to the stored fee.
  const discount = known ? (known.discount ?? undefined) : await checkoutDiscountOf(deps.db, app.id);
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: app.currency,
            unit_amount: discount && discount.discountAmount > 0 ? discount.listAmount : app.feeAmount,
            product_data: { name: `Application fee: ${community.name}` },
          },
        },
      ],
      ...stripeDiscounts(discount),
      customer_email: app.email,
      client_reference_id: app.id,
      metadata: { application_id: app.id, community_id: community.id },
      payment_intent_data: {
        capture_method: manual ? "manual" : "automatic",
        metadata: { application_id: app.id, community_id: community.id },
        description: `Application fee: ${community.name}`,
      },
      success_url: `${base}?checkout=success`,
      cancel_url: `${base}?checkout=cancelled`,
      expires_at: Math.floor(deps.now().getTime() / 1000) + CHECKOUT_TTL_SECONDS,
    },
    // Two racing retries share an attempt number, so Stripe hands both the same session.
    { idempotencyKey: `threshold:application-checkout:${app.id}:${attempt}` },
  );
  await deps.db.batch([
    deps.db
      .update(applications)
      .set({ checkoutSessionId: session.id, checkoutAttempts: attempt, paymentStatus: paymentStatusForRetry(app), updatedAt: deps.now() })
      .where(and(eq(applications.id, app.id), eq(applications.checkoutAttempts, app.checkoutAttempts))),
    timelineEntry(deps.db, app.id, "checkout_started", app.email, deps.now(), { session: session.id, attempt }),
  ]);
  if (!session.url) throw new AppError(502, "stripe_error", "Stripe did not return a checkout URL");
  return session.url;
}

function paymentStatusForRetry(app: Application): Application["paymentStatus"] {
  return app.paymentStatus === "hold_expired" ? "hold_expired" : "unpaid";
}

/** A Checkout Session lapsed: if it was the application's current one, offer a retry. */
export async function markCheckoutExpired(deps: Deps, session: Stripe.Checkout.Session, app: Application): Promise<void> {
  if (app.checkoutSessionId !== session.id || app.paymentStatus !== "unpaid") return;
  await deps.db.batch([
    deps.db
      .update(applications)
      .set({ paymentStatus: "checkout_expired", updatedAt: deps.now() })
      .where(and(eq(applications.id, app.id), eq(applications.checkoutSessionId, session.id), eq(applications.paymentStatus, "unpaid"))),
    timelineEntry(deps.db, app.id, "checkout_expired", "stripe", deps.now(), { session: session.id }),
  ]);
}
