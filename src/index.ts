import { createMemberApp } from "./member-app";
import type { Env } from "./env";
import { remotePlatform } from "./platform/remote";

// The Threshold Worker: member pages. The owners' pages, the JSON API and the background work
// (cron, queue consumer, Stripe's webhooks) deploy as Workers of their own behind the public one
// (src/routing.ts).
const app = createMemberApp({ platform: remotePlatform });

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
