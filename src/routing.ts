/**
 * Which deployed Worker answers a path (README, "Deploy"). The public Worker (src/public/) answers
 * the applicant's pages itself and sends the rest on by these prefixes: the owners' pages to the
 * owners' Worker (src/owners/), the JSON API's community areas to the community API Worker
 * (src/api/community-index.ts) and the rest of the API to the API Worker (src/api/index.ts),
 * Stripe's webhooks to the background Worker (src/background/index.ts), which also runs the cron
 * and the queue consumer, and everything else to the Threshold Worker (src/index.ts): members'
 * pages.
 * In `npm run dev` and the tests one Worker (src/app.ts) answers everything.
 */
export const OWNER_PATHS = ["/admin", "/admin/*", "/c/:slug/admin", "/c/:slug/admin/*"] as const;
export const API_PATHS = ["/api/v1", "/api/v1/*"] as const;
export const BACKGROUND_PATHS = ["/webhooks/*"] as const;

/**
 * The areas of a community (`/api/v1/communities/{slug}/<area>...`) whose API the community API
 * Worker answers: the routes of src/api/community.ts. test/scale/worker-split.test.ts checks that
 * every API route reaches the Worker that has it.
 */
export const COMMUNITY_API_AREAS = ["spaces", "posts", "moderation", "search", "notifications", "profile", "people", "introductions", "events", "badges", "levels", "leaderboard"] as const;
const AREA = `:area{${COMMUNITY_API_AREAS.join("|")}}`;
export const COMMUNITY_API_PATHS = [`/api/v1/communities/:slug/${AREA}`, `/api/v1/communities/:slug/${AREA}/*`] as const;
