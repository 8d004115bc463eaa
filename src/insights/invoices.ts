import type Stripe from "stripe";
import { subscriptionInvoices, type Membership } from "../../drizzle";
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
    })
    .onConflictDoNothing();
}
