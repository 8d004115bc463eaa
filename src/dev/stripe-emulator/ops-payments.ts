import { formatAmount } from "./core";
import { badState, invalidParam, StripeApiError } from "./errors";
import { refundObj } from "./objects";
import type { Args } from "./params";
import { newId, type Obj, publicView, type Tx } from "./store";

/** PaymentIntents (capture, cancel, lapsed holds) and refunds. */

const CANCELABLE = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];

export async function capturePaymentIntent(tx: Tx, pi: Obj, amountToCapture?: number): Promise<Obj> {
  if (pi.status !== "requires_capture") {
    throw badState(
      `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      "payment_intent_unexpected_state",
      { payment_intent: publicView(pi) },
    );
  }
  const amount = amountToCapture ?? pi.amount_capturable;
  if (amount < 1 || amount > pi.amount_capturable) {
    throw invalidParam(
      `The amount to capture (${amount}) must be between 1 and the amount capturable (${pi.amount_capturable}).`,
      "amount_to_capture",
      "amount_too_large",
    );
  }
  const charge = await tx.must(pi.latest_charge, "charge", "payment_intent");
  pi.status = "succeeded";
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  charge.captured = true;
  charge.amount_captured = amount;
  // Stripe releases an uncaptured remainder at once and reports it on the charge as refunded
  // (`refunded` stays false while part of the charge is kept); only one capture is ever allowed.
  charge.amount_refunded = charge.amount - amount;
  charge.balance_transaction = newId("txn", 24);
  tx.put(pi);
  tx.put(charge);
  tx.emit("charge.captured", charge);
  tx.emit("payment_intent.succeeded", pi);
  return pi;
}

export function cancelPaymentIntent(tx: Tx, pi: Obj, reason: string, charge: Obj | null): Obj {
  if (!CANCELABLE.includes(pi.status)) {
    throw badState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
      "payment_intent_unexpected_state",
      { payment_intent: publicView(pi) },
    );
  }
  pi.status = "canceled";
  pi.canceled_at = tx.now;
  pi.cancellation_reason = reason;
  pi.amount_capturable = 0;
  if (charge && !charge.captured) {
    charge.amount_refunded = charge.amount;
    charge.refunded = true;
    tx.put(charge);
  }
  tx.put(pi);
  tx.emit("payment_intent.canceled", pi);
  return pi;
}

/** The card authorisation lapsed (Stripe cancels uncaptured holds after ~7 days). */
export async function expireHold(tx: Tx, piId: string): Promise<Obj> {
  const pi = await tx.must(piId, "payment_intent");
  if (pi.status !== "requires_capture") {
    throw badState(`Only a PaymentIntent in status requires_capture has a hold that can lapse; ${pi.id} is ${pi.status}.`, "payment_intent_unexpected_state");
  }
  const charge = pi.latest_charge ? await tx.get(pi.latest_charge) : null;
  return cancelPaymentIntent(tx, pi, "automatic", charge);
}

export async function createRefund(tx: Tx, a: Args): Promise<Obj> {
  const piId = a.str("payment_intent") || null;
  const chargeId = a.str("charge") || null;
  if (!piId && !chargeId) {
    throw new StripeApiError(400, "invalid_request_error", "One of the following params should be provided for this request: payment_intent or charge.", "parameter_missing", "payment_intent");
  }
  const pi = piId ? await tx.must(piId, "payment_intent", "payment_intent") : null;
  const charge = chargeId ? await tx.must(chargeId, "charge", "charge") : pi?.latest_charge ? await tx.get(pi.latest_charge) : null;
  if (!charge || !charge.captured || (pi && pi.status !== "succeeded")) {
    throw badState(`This PaymentIntent (${piId ?? charge?.payment_intent}) does not have a successful charge to refund.`, "charge_not_refundable");
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw badState(`Charge ${charge.id} has already been refunded.`, "charge_already_refunded");
  const amount = a.int("amount", 1) ?? remaining;
  if (amount > remaining) {
    throw invalidParam(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      "amount",
      "amount_too_large",
    );
  }
  const reason = a.oneOf("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null;
  const refund = tx.put(refundObj(tx.now, { amount, charge, metadata: a.metadata(), reason }));
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  tx.put(charge);
  tx.emit("refund.created", refund);
  tx.emit("charge.refunded", charge);
  return refund;
}
