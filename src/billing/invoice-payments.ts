import type { Deps } from "../env";

/**
 * The PaymentIntent that paid an invoice, or null when nothing was paid (a trial or a zero
 * invoice). Since API 2025-03-31 an invoice names its payments through InvoicePayments, not
 * `payment_intent`.
 */
export async function paidIntentOfInvoice(deps: Deps, invoiceId: string): Promise<string | null> {
  const payments = await deps.stripe.invoicePayments.list({ invoice: invoiceId, status: "paid", limit: 10 });
  const ref = payments.data.find((p) => p.payment.type === "payment_intent" && p.payment.payment_intent)?.payment.payment_intent;
  if (!ref) return null;
  return typeof ref === "string" ? ref : ref.id;
}
