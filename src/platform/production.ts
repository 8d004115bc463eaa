import type { Platform } from "../app-env";
import { createStripeClient } from "./stripe";

export const productionPlatform: Platform = {
  stripe: (env) => createStripeClient({ secretKey: env.STRIPE_SECRET_KEY ?? "" }),
  now: () => new Date(),
};
