import type { Platform } from "../app-env";
import { AppError } from "../lib/errors";
import { remoteStripe } from "./stripe-call";

/**
 * The platform of the Workers that answer pages and the API: Stripe calls go to the background
 * Worker's `Payments` entrypoint over the PAYMENTS service binding (src/platform/stripe-call.ts),
 * so none of these Workers carries the Stripe SDK's code into a new isolate.
 */
export const remotePlatform: Platform = {
  stripe: (env) =>
    remoteStripe((call) => {
      if (!env.PAYMENTS) throw new AppError(500, "misconfigured", "The PAYMENTS service binding (the background Worker's Payments entrypoint) is not set");
      return env.PAYMENTS.stripe(call);
    }),
  now: () => new Date(),
};
