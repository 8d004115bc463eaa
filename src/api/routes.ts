import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env";
import { once } from "../lib/lazy-fields";
import { documentRoutes, mountApiRoutes, SECURITY_SCHEMES } from "./openapi";
import { describeMiniSchemas } from "./mini-metadata";

/**
 * How an API app serves /api/v1/openapi.json: built from every route of the API (`routes`: the dev
 * app, on the document's first request), or as the document `npm run openapi` wrote from them
 * (`text`: the API Worker, which then needs none of the community API's modules;
 * src/api/openapi-document.txt, kept current by test/api/openapi-document.test.ts).
 */
export type ApiDocument = { routes: OpenAPIHono<AppEnv>[] } | { text: string };

/** The servers URL the written document carries, replaced by the deployment's APP_URL when served. */
export const DOCUMENT_APP_URL = "https://app-url.invalid";

/**
 * Adds the JSON API's routes of `lists` to `app` under /api/v1, straight into its router and
 * behind its middleware and error handler (which answers Hono's own client errors, a body that is
 * not JSON or not declared JSON, with the standard error body), and the OpenAPI 3.1 document where
 * `document` is given. Each resource group lives in its own file; handlers only check access, call
 * the feature's domain functions and shape the response. The API deploys as two Workers
 * (src/routing.ts): the API Worker (src/api/core.ts's lists and the document) and the community
 * API Worker (src/api/community.ts's); `npm run dev` and the tests mount both.
 */
export function mountApi(app: Hono<AppEnv>, lists: OpenAPIHono<AppEnv>[], document?: ApiDocument): void {
  const api = app.basePath("/api/v1");
  mountApiRoutes(api, ...lists);
  if (!document) return;
  if ("text" in document) {
    api.get("/openapi.json", (c) => {
      const servers = JSON.stringify(`${c.get("deps").config.appUrl}/api/v1`);
      return c.body(document.text.replace(`"${DOCUMENT_APP_URL}/api/v1"`, servers), 200, { "content-type": "application/json" });
    });
    return;
  }
  const docs = once(() => {
    describeMiniSchemas();
    const registry = new OpenAPIHono<AppEnv>();
    for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
      registry.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
    }
    documentRoutes(registry, ...document.routes);
    return registry;
  });
  api.get("/openapi.json", (c) => c.json(docs().getOpenAPI31Document(documentOf(c))));
}

const documentOf = (c: Context<AppEnv>): Parameters<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>[0] => ({
  openapi: "3.1.0",
  info: {
    title: "Threshold API",
    version: "1.0.0",
    description:
      "Paid communities with a threshold: applicants answer a questionnaire and pay an application fee; " +
      "owners and moderators review; approved applicants join a tier and pay a subscription. Endpoints marked with a " +
      "security requirement need a signed-in session, sent either as the " +
      "`better-auth.session_token` cookie or as `Authorization: Bearer <session token>`. Every error has " +
      "the body `{ error: { code, message, details?, requestId } }`; `details` names each offending field.",
  },
  servers: [{ url: `${c.get("deps").config.appUrl}/api/v1` }],
  tags: [
    { name: "Communities" },
    { name: "Questions" },
    { name: "Applications", description: "Public submission" },
    { name: "Review", description: "Staff: queue, decisions, notes" },
    { name: "Tiers", description: "The pyramid: tiers, prices (grandfathered), invites, price migrations" },
    { name: "Members", description: "Staff: members, moderators, bans, CSV export, audit log" },
    { name: "Membership", description: "The signed-in person: their access, joining a tier" },
    { name: "Content", description: "Drops (staff), the member feed and comments, gated like the pages" },
    { name: "Moderation", description: "Reports (members), the moderation queue and its actions (staff), the posting rules (owners)" },
    { name: "Search", description: "Search over the posts, replies and drops the caller may read" },
    { name: "Profiles", description: "How the signed-in person is known in a community: display name, bio, avatar" },
    { name: "People", description: "The member directory, members' profiles and recent posts, introductions (people to meet), the owner's directory settings" },
    { name: "Spaces", description: "The community space: spaces, threads, replies, reactions and poll votes, gated like the pages" },
    { name: "Events", description: "Events and meetups: the calendar, RSVPs with seats and a waitlist, paid tickets, attendance; the link and address only to people holding a seat" },
    { name: "Experiments", description: "Price-point experiments (staff): setup, results, promotion, the sample-size planner" },
    { name: "Referrals", description: "Members' invitation links; the referral offer, leaderboard and totals (owners)" },
    { name: "Promotion codes", description: "Owners' codes for the fee or a tier's first invoice, with uses and revenue" },
    { name: "Insights", description: "Staff: the funnel, activity and 1-9-90 layers, content, retention and lifecycle from daily rollups; money for owners only" },
    { name: "Honours", description: "Points, levels, leaderboards (7 days, 30 days, all time) and badges" },
    { name: "Groups", description: "Group applications: the owner's offer (owners), starting and joining a group, a group's progress" },
    { name: "Gifts", description: "Gifts of months of a tier: buying one, following and refunding it by its private token" },
    { name: "Notifications", description: "The caller's notifications in a community (replies, mentions, followed threads, closed polls) and their email choice" },
  ],
});
