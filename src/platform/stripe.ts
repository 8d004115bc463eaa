import Stripe from "stripe";
import { AppError } from "../lib/errors";

/** The Stripe API version Threshold is written against; pinned so upgrades are deliberate. */
export const STRIPE_API_VERSION = "2026-10-28.endive" as const;

export interface StripeClientOptions {
  secretKey: string;
  /** Where the SDK's HTTP requests go; the dev entry points it at the local emulator. */
  fetch?: typeof fetch;
}

/** The single place a Stripe client is built. */
export function createStripeClient(opts: StripeClientOptions): Stripe {
  if (!opts.secretKey) {
    throw new AppError(500, "misconfigured", "STRIPE_SECRET_KEY is not set");
  }
  return new Stripe(opts.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    httpClient: Stripe.createFetchHttpClient(opts.fetch),
    maxNetworkRetries: 2,
    appInfo: { name: "Threshold" },
  });
}

/** Verifies the raw body against the signature; throws AppError(400) when it does not match. */
export async function verifyStripeEvent(
  rawBody: string,
  signature: string | undefined,
  secret: string,
): Promise<Stripe.Event> {
  if (!secret) throw new AppError(500, "misconfigured", "STRIPE_WEBHOOK_SECRET is not set");
  if (!signature) throw new AppError(400, "invalid_signature", "Missing Stripe-Signature header");
  try {
    return await Stripe.webhooks.constructEventAsync(
      rawBody,
      signature,
      secret,
      undefined,
      Stripe.createSubtleCryptoProvider(),
    );
  } catch (err) {
    // The signature checked out but the body is not JSON: malformed, not forged.
    if (err instanceof SyntaxError) throw new AppError(400, "bad_request", "The event body is not JSON");
    throw new AppError(400, "invalid_signature", "Stripe signature does not match the payload");
  }
}
