import { eq } from "drizzle-orm";
import { stripeCustomers } from "../../drizzle";
import type { Deps } from "../env";

/** The deployment's one Stripe customer for an email, created on first need. */
export async function customerFor(deps: Deps, email: string): Promise<string> {
  const who = email.toLowerCase();
  const known = await deps.db.query.stripeCustomers.findFirst({ where: eq(stripeCustomers.email, who) });
  if (known) return known.stripeCustomerId;
  const customer = await createCustomer(deps, who);
  await deps.db.insert(stripeCustomers).values({ email: who, stripeCustomerId: customer, createdAt: deps.now() }).onConflictDoNothing();
  const stored = await deps.db.query.stripeCustomers.findFirst({ where: eq(stripeCustomers.email, who) });
  return stored!.stripeCustomerId;
}

/**
 * Creates the Stripe customer for an email; the caller stores it (`stripe_customers`). Keyed by
 * the email, so racing first joins get the same customer back from Stripe.
 */
export async function createCustomer(deps: Pick<Deps, "stripe">, email: string): Promise<string> {
  const who = email.toLowerCase();
  const customer = await deps.stripe.customers.create({ email: who, metadata: { source: "threshold" } }, { idempotencyKey: `threshold:customer:${who}` });
  return customer.id;
}
