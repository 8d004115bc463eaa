/**
 * The public Worker (wrangler.public.toml): what an applicant's browser reaches first. It answers
 * the landing page, apply, the status page and sign-in itself and passes every other request to
 * the full Worker (src/index.ts) through a service binding, so a new isolate serving a visitor
 * compiles and evaluates only the code of those pages (README, "Cold start").
 */
import { remotePlatform } from "../platform/remote";
import { createFront, type FrontEnv } from "./front";

const front = createFront({ platform: remotePlatform });

export default { fetch: front.fetch } satisfies ExportedHandler<FrontEnv>;
