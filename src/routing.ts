/**
 * Which deployed Worker answers a path (README, "Deploy"). The public Worker (src/public/) answers
 * the applicant's pages itself and sends the rest on by these prefixes: the owners' pages to the
 * owners' Worker (src/owners/), the JSON API to the API Worker (src/api/index.ts), everything
 * else to the Threshold Worker (src/index.ts), which also runs the cron and the queue consumer.
 * In `npm run dev` and the tests one Worker (src/app.ts) answers everything.
 */
export const OWNER_PATHS = ["/admin", "/admin/*", "/c/:slug/admin", "/c/:slug/admin/*"] as const;
export const API_PATHS = ["/api/v1", "/api/v1/*"] as const;
