import type { Deps } from "../env";

/**
 * Creates the deployment's one Stripe customer for an email; the caller stores it in
 * `stripe_customers` (with ON CONFLICT DO NOTHING) in the batch that uses it. Keyed by the email,
 * so racing first joins get the same customer back from Stripe.
 */
export async function createCustomer(deps: Pick<Deps, "stripe">, email: string): Promise<string> {
  const who = email.toLowerCase();
  const customer = await deps.stripe.customers.create({ email: who, metadata: { source: "threshold" } }, { idempotencyKey: `threshold:customer:${who}` });
  return customer.id;
}
