/**
 * Stands in for the Stripe SDK's event-notification handler (stripe/esm/StripeEventNotificationHandler.js,
 * 13 KiB minified) in the production bundles (see `[alias]` in wrangler.toml). Only the client's
 * `notificationHandler()` methods construct it, for Stripe's v2 "thin" events; Threshold reads
 * v1 webhooks with `Stripe.webhooks.constructEventAsync` (src/platform/stripe.ts), so nothing calls it.
 */
function notInThisBuild(): never {
  throw new Error("Stripe's event-notification handler is not part of Threshold's build (src/platform/stripe-no-event-notifications.ts)");
}
export class StripeEventNotificationHandler {
  constructor() {
    notInThisBuild();
  }
  static withoutVerification(): never {
    return notInThisBuild();
  }
}
export class StripeEventNotificationHandlerWithoutVerification extends StripeEventNotificationHandler {}
