import { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { verifyStripeEvent } from "../platform/stripe";
import { handleStripeEvent, parseEventEnvelope } from "./webhooks";

/** Raw body -> verify -> claim -> handler map. The body must be read as text for the signature. */
export const webhookRoutes = new Hono<AppEnv>().post("/webhooks/stripe", async (c) => {
  const deps = c.get("deps");
  const raw = await c.req.text();
  await verifyStripeEvent(raw, c.req.header("stripe-signature"), deps.config.webhookSecret);
  const outcome = await handleStripeEvent(deps, parseEventEnvelope(raw));
  return c.json({ received: true, outcome });
});
