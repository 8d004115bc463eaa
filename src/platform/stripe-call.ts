import type Stripe from "stripe";
import { AppError, type ErrorCode } from "../lib/errors";
import stripeResources from "./stripe-resources.json";

/**
 * Stripe calls made from another Worker. The page Workers (members', owners', the two API Workers
 * and the public one) do not carry the Stripe SDK: `remoteStripe` gives them an object shaped like
 * the SDK's client whose every call is sent, as `{ path, args }`, to the background Worker's
 * `Payments` entrypoint (src/background/index.ts), which runs it with the real SDK
 * (`runStripeCall`) and sends back the result or the error as plain data. The idempotency keys,
 * the retries (`maxNetworkRetries`) and the money rules are unchanged: the same code decides and
 * passes the same arguments; only where the SDK runs differs. The dev Worker binds PAYMENTS to its
 * own `Payments` entrypoint (src/dev/index.ts), so the tests and `npm run dev` cross the same hop.
 */

/**
 * The SDK resources Threshold uses, the same list `scripts/stripe-trim.mjs` keeps in the SDK; a
 * call on any other path is refused.
 */
export const STRIPE_RESOURCES = new Set<string>(stripeResources);

export interface StripeCall {
  path: string[];
  args: unknown[];
}

/** What an SDK error says, kept across the hop: our code branches on `type`, `code` and `statusCode`. */
export interface StripeErrorData {
  type: string;
  message: string;
  code?: string;
  statusCode?: number;
  param?: string;
  declineCode?: string;
}

export type StripeCallResult =
  | { ok: true; value: unknown }
  | { ok: false; stripe: StripeErrorData }
  | { ok: false; app: { status: number; code: ErrorCode; message: string } };

/** The service binding the page Workers reach the background Worker's `Payments` entrypoint by. */
export interface PaymentsBinding {
  stripe(call: StripeCall): Promise<StripeCallResult>;
}

/** An SDK error as the calling Worker sees it: the same `type`, `code`, `statusCode` and message. */
export class StripeCallError extends Error {
  readonly type: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly param?: string;
  readonly decline_code?: string;

  constructor(data: StripeErrorData) {
    super(data.message);
    this.name = data.type;
    this.type = data.type;
    this.code = data.code;
    this.statusCode = data.statusCode;
    this.param = data.param;
    this.decline_code = data.declineCode;
  }
}

/** The SDK error class's name (`StripeInvalidRequestError`, ...) of an error from Stripe, else null. */
export function stripeErrorType(err: unknown): string | null {
  const type = typeof err === "object" && err !== null ? (err as { type?: unknown }).type : undefined;
  return typeof type === "string" && type.startsWith("Stripe") ? type : null;
}

/** Stripe refused the request as such (unknown object, bad parameter, a state it cannot move from). */
export const isStripeInvalidRequest = (err: unknown) => stripeErrorType(err) === "StripeInvalidRequestError";

/** Any error that came from Stripe or the SDK, not from our own code. */
export const isStripeError = (err: unknown) => stripeErrorType(err) !== null;

/** Runs one call on the real SDK client; never throws: the outcome is plain data for the hop back. */
export async function runStripeCall(client: () => Stripe, call: StripeCall): Promise<StripeCallResult> {
  try {
    const path = Array.isArray(call.path) ? call.path.map(String) : [];
    const name = path.at(-1) ?? "";
    if (!STRIPE_RESOURCES.has(path.slice(0, -1).join(".")) || !/^[a-z][A-Za-z]*$/.test(name)) {
      throw new AppError(500, "internal", `Stripe call ${path.join(".") || "(none)"} is not one Threshold makes`);
    }
    let target: unknown = client();
    for (const key of path.slice(0, -1)) target = (target as Record<string, unknown>)[key];
    const method = (target as Record<string, unknown>)[name];
    if (typeof method !== "function") throw new AppError(500, "internal", `Stripe has no call ${path.join(".")}`);
    const value = await method.apply(target, Array.isArray(call.args) ? call.args : []);
    // Plain data only: the SDK's list helpers and `lastResponse` stay behind, as they would have to.
    return { ok: true, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
  } catch (err) {
    const type = stripeErrorType(err);
    if (type) {
      const e = err as { message?: string; code?: string; statusCode?: number; param?: string; decline_code?: string };
      return { ok: false, stripe: { type, message: e.message ?? type, code: e.code, statusCode: e.statusCode, param: e.param, declineCode: e.decline_code } };
    }
    if (err instanceof AppError) return { ok: false, app: { status: err.status, code: err.code, message: err.message } };
    console.error("stripe call failed", err);
    return { ok: false, stripe: { type: "StripeConnectionError", message: err instanceof Error ? err.message : String(err) } };
  }
}

/**
 * A client shaped like the SDK's (`stripe.checkout.sessions.create(params, options)`), whose calls
 * go through `send`. A call that cannot reach the other side fails as Stripe's own network errors
 * do (`StripeConnectionError`), so callers treat it as transient.
 */
export function remoteStripe(send: (call: StripeCall) => Promise<StripeCallResult>): Stripe {
  const at = (path: string[]): unknown =>
    new Proxy(function stripeCall() {}, {
      // Not a thenable: `await deps.stripe` must not look like a pending call.
      get: (_target, key) => (typeof key === "string" && key !== "then" ? at([...path, key]) : undefined),
      apply: async (_target, _this, args: unknown[]) => {
        let result: StripeCallResult;
        try {
          result = await send({ path, args });
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw new StripeCallError({ type: "StripeConnectionError", message: `Could not reach Stripe: ${err instanceof Error ? err.message : String(err)}` });
        }
        if (result.ok) return result.value;
        if ("app" in result) throw new AppError(result.app.status as ConstructorParameters<typeof AppError>[0], result.app.code, result.app.message);
        throw new StripeCallError(result.stripe);
      },
    });
  return at([]) as Stripe;
}
