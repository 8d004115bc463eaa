import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { subscriptionInvoices, type Membership } from "../../drizzle";
import { paidIntentOfInvoice } from "../billing/invoice-payments";
import type { Deps } from "../env";

/**
 * Subscription revenue as members paid it: each paid invoice of a membership's subscription,
 * recorded once by the invoice webhooks (keyed by Stripe's invoice id, so a replayed or
 * duplicated event writes nothing). The invoice is read from Stripe, not from the event's copy,
 * so an event about an unpaid invoice that was paid since still records what was paid.
 */
export async function recordPaidInvoice(deps: Deps, membership: Membership, invoiceId: string): Promise<void> {
  const invoice: Stripe.Invoice = await deps.stripe.invoices.retrieve(invoiceId);
  // Trial and fully discounted invoices move no money.
  if (invoice.status !== "paid" || invoice.amount_paid <= 0) return;
  const paidAt = invoice.status_transitions?.paid_at ?? invoice.created;
  // A refund names the payment, not the invoice: keep the payment so `recordRefund` finds the row.
  const paymentIntentId = await paidIntentOfInvoice(deps, invoice.id!);
  await deps.db
    .insert(subscriptionInvoices)
    .values({
      id: invoice.id!,
      communityId: membership.communityId,
      membershipId: membership.id,
      email: membership.email.toLowerCase(),
      tierId: membership.tierId,
      amount: invoice.amount_paid,
      currency: invoice.currency,
      paidAt: new Date(paidAt * 1000),
      paymentIntentId,
    })
    .onConflictDoNothing();
}

/**
 * A refund of a subscription payment (an owner removing a member with a refund, or a refund made
 * in Stripe's dashboard): the invoice it paid takes the charge's refunded total as Stripe holds it
 * now, so a replayed event or a second partial refund sets the same absolute figure rather than
 * adding to it. The refund day is the latest refund's, read from Stripe as well. Which payment a
 * charge belongs to never changes, so the event's copy may say whether it paid one of our
 * invoices: refunds of application fees and tickets cost one indexed lookup and no Stripe call.
 */
export async function recordRefund(deps: Deps, eventCharge: Stripe.Charge): Promise<void> {
  const ref = eventCharge.payment_intent;
  const intentId = typeof ref === "string" ? ref : ref?.id;
  if (!intentId) return;
  const invoice = await deps.db.query.subscriptionInvoices.findFirst({ where: eq(subscriptionInvoices.paymentIntentId, intentId), columns: { id: true } });
  if (!invoice) return; // an application fee, a ticket, or a payment that is not a subscription's
  const charge = await deps.stripe.charges.retrieve(eventCharge.id);
  if (charge.amount_refunded <= 0) return;
  const refunds = await deps.stripe.refunds.list({ payment_intent: intentId, limit: 100 });
  const latest = Math.max(0, ...refunds.data.filter((r) => r.status !== "failed" && r.status !== "canceled").map((r) => r.created));
  await deps.db
    .update(subscriptionInvoices)
    .set({ refunded: charge.amount_refunded, refundedAt: new Date((latest || charge.created) * 1000) })
    .where(eq(subscriptionInvoices.id, invoice.id));
}
