/**
 * The owners' Worker (wrangler.owners.toml): a community's admin pages (/c/:slug/admin/...) and
 * the operator's (/admin/...), reached from the public Worker through a service binding. Members'
 * isolates then never compile the review queue, experiments, insights and settings, and owners'
 * isolates never compile the member pages (README, "Cold start").
 */
import { remotePlatform } from "../platform/remote";
import { createOwnersApp } from "./app";

const app = createOwnersApp({ platform: remotePlatform });

export default { fetch: app.fetch } satisfies ExportedHandler<import("../env").Env>;
