import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Payments } from "../../src/background/index";
import type { Env } from "../../src/env";
import { AppError } from "../../src/lib/errors";
import { remotePlatform } from "../../src/platform/remote";
import { isStripeError, isStripeInvalidRequest, remoteStripe, StripeCallError, type StripeCall } from "../../src/platform/stripe-call";
import { tools } from "../helpers";

// The page Workers' Stripe calls cross to the background Worker as plain data
// (src/platform/stripe-call.ts). The dev entry sends every call through the same hop, so these
// run the real SDK against the emulator behind it.

describe("Stripe calls across the hop to the background Worker", () => {
  it("returns the SDK's result as plain data, and the emulator holds what was made", async () => {
    const { deps, emulator } = tools();
    const customer = await deps.stripe.customers.create({ email: "hop@example.com" }, { idempotencyKey: "threshold:test-hop:1" });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.email).toBe("hop@example.com");
    expect(Object.values(customer).some((v) => typeof v === "function")).toBe(false);
    // The idempotency key crossed too: the same key gives the same customer, not a second one.
    const again = await deps.stripe.customers.create({ email: "hop@example.com" }, { idempotencyKey: "threshold:test-hop:1" });
    expect(again.id).toBe(customer.id);
    const listed = await deps.stripe.customers.list({ email: "hop@example.com" });
    expect(listed.data.map((c) => c.id)).toEqual([customer.id]);
    expect(emulator).toBeTruthy();
  });

  it("crosses a real service binding: the dev Worker's PAYMENTS is its own Payments entrypoint", async () => {
    const payments = (env as unknown as Env).PAYMENTS;
    expect(payments).toBeDefined();
    const result = await payments!.stripe({ path: ["customers", "create"], args: [{ email: "binding@example.com" }] });
    expect(result).toMatchObject({ ok: true, value: { object: "customer", email: "binding@example.com" } });
  });

  it("keeps a Stripe error's type, code and status, which callers branch on", async () => {
    const { deps } = tools();
    const err = await deps.stripe.paymentIntents.retrieve("pi_no_such_intent").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StripeCallError);
    expect(isStripeInvalidRequest(err)).toBe(true);
    expect(isStripeError(err)).toBe(true);
    const e = err as StripeCallError;
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe("resource_missing");
    expect(e.message).toContain("pi_no_such_intent");
  });

  it("refuses a resource Threshold does not use, before any request", async () => {
    const { deps } = tools();
    const stripe = deps.stripe as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
    const err = await stripe.quotes!.create!({}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/quotes\.create is not one Threshold makes/);
    expect(isStripeError(err)).toBe(false);
  });

  it("is not a thenable, so awaiting the client does not make a call", async () => {
    const sent: StripeCall[] = [];
    const client = remoteStripe(async (call) => {
      sent.push(call);
      return { ok: true, value: null };
    });
    expect(await client).toBe(client);
    await client.refunds.list({ payment_intent: "pi_1" });
    expect(sent).toEqual([{ path: ["refunds", "list"], args: [{ payment_intent: "pi_1" }] }]);
  });

  it("turns a hop that fails into Stripe's own network error, which callers treat as transient", async () => {
    const client = remoteStripe(async () => {
      throw new Error("connection reset");
    });
    const err = await client.refunds.create({ payment_intent: "pi_1" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StripeCallError);
    expect((err as StripeCallError).type).toBe("StripeConnectionError");
    expect(isStripeInvalidRequest(err)).toBe(false);
  });

  it("the Payments entrypoint answers with our own errors as data: a deployment without a key is misconfigured", async () => {
    const bare = { ...env, STRIPE_SECRET_KEY: "" } as unknown as Env;
    const payments = new Payments(createExecutionContext(), bare);
    const result = await payments.stripe({ path: ["customers", "create"], args: [{ email: "x@example.com" }] });
    expect(result).toEqual({ ok: false, app: { status: 500, code: "misconfigured", message: "STRIPE_SECRET_KEY is not set" } });
    // And the page Workers' platform rebuilds it as the same AppError.
    const page = remotePlatform.stripe({ ...bare, PAYMENTS: { stripe: (call: StripeCall) => payments.stripe(call) } });
    const err = await page.customers.create({ email: "x@example.com" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(500);
    expect((err as AppError).code).toBe("misconfigured");
  });

  it("a page Worker without its PAYMENTS binding says so", async () => {
    const page = remotePlatform.stripe({ ...env, PAYMENTS: undefined } as unknown as Env);
    const err = await page.prices.retrieve("price_1").then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/PAYMENTS service binding/);
  });
});
