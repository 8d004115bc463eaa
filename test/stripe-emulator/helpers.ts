import { env } from "cloudflare:workers";
import Stripe from "stripe";
import { expect } from "vitest";
import { createStripeEmulator, type StripeEmulator } from "../../src/dev/stripe-emulator";

export const SECRET = "whsec_test_emulator_secret";
export const APP_URL = "http://localhost:8787";

export interface Delivery {
  url: string;
  signature: string;
  body: string;
  event: Stripe.Event;
}

/**
 * An emulator on the test's STRIPE_EMULATOR_DB, a real SDK pointed at it, and a `deliver`
 * that records what the app would receive. Storage is shared by the tests of one file, so
 * events left pending by earlier tests are flushed first.
 */
export async function setup(opts: { now?: () => Date } = {}) {
  const deliveries: Delivery[] = [];
  let status = 200;
  const db = env.STRIPE_EMULATOR_DB;
  if (!db) throw new Error("STRIPE_EMULATOR_DB binding missing (wrangler env dev)");
  const emu = createStripeEmulator({
    db,
    appUrl: APP_URL,
    webhookSecret: SECRET,
    now: opts.now,
    deliver: async (req) => {
      const body = await req.text();
      deliveries.push({ url: req.url, signature: req.headers.get("stripe-signature") ?? "", body, event: JSON.parse(body) });
      return new Response(status < 300 ? "ok" : "failed", { status });
    },
  });
  const stripe = new Stripe("sk_test_emulator", {
    httpClient: Stripe.createFetchHttpClient(emu.fetch),
    apiVersion: "2026-10-28.endive",
    maxNetworkRetries: 0,
  });
  await emu.deliverPending();
  deliveries.length = 0;
  return {
    emu,
    stripe,
    deliveries,
    setStatus: (s: number) => {
      status = s;
    },
    types: () => deliveries.map((d) => d.event.type),
  };
}

export function verify(d: Delivery): Promise<Stripe.Event> {
  return Stripe.webhooks.constructEventAsync(d.body, d.signature, SECRET, undefined, Stripe.createSubtleCryptoProvider());
}

export function post(emu: StripeEmulator, path: string, form?: Record<string, string>): Promise<Response> {
  return Promise.resolve(emu.pages.request(path, { method: "POST", body: form ? new URLSearchParams(form) : undefined }));
}

/** Creates a session, pays it on the hosted page, and returns it re-read with expansions. */
export async function payCheckout(
  stripe: Stripe,
  emu: StripeEmulator,
  params: Stripe.Checkout.SessionCreateParams,
  expand: string[] = [],
): Promise<Stripe.Checkout.Session> {
  const created = await stripe.checkout.sessions.create(params);
  const res = await post(emu, `/checkout/${created.id}/pay`);
  expect(res.status).toBe(303);
  return stripe.checkout.sessions.retrieve(created.id, { expand });
}

export const oneTime = (amount = 2500, name = "Founding membership") => ({
  price_data: { currency: "usd", unit_amount: amount, product_data: { name } },
  quantity: 1,
});
