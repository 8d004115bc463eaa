import type Stripe from "stripe";
import type { Deps, Env } from "./env";
import type { AccountMenu } from "./ui/account-menu";

/** A signed-in person, as the session middleware sees them. */
export interface Viewer {
  userId: string;
  email: string;
  name: string;
}

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    deps: Deps;
    viewer: Viewer | null;
    /** The top bar's account menu for a signed-in person on a page (auth/account-menu.ts). */
    accountMenu?: AccountMenu | null;
  };
}

/**
 * How the worker reaches the outside world. Production builds Stripe from the secret key;
 * the dev entry may route the same SDK to the local emulator and read a test clock.
 */
export interface Platform {
  stripe(env: Env): Stripe;
  now(env: Env): Date;
  /** Work to run after a Stripe call that may have produced events (the emulator delivers them). */
  afterStripeCall?(env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }): void;
}
