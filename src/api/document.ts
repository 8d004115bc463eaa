import { OpenAPIHono } from "@hono/zod-openapi";
import { once } from "../lib/lazy-fields";
import { describeMiniSchemas } from "./mini-metadata";
import { recordedRoutes, SECURITY_SCHEMES, type ApiRouteList } from "./openapi";

/**
 * The JSON API's OpenAPI 3.1 document, generated from the routes of `lists` and their zod schemas
 * (@asteasolutions/zod-to-openapi, through @hono/zod-openapi's registry) on its first request. Only
 * the dev app builds it (src/app.ts), and `npm run openapi`, which writes it for the API Worker to
 * serve as text (src/api/routes.ts): the API Workers carry neither the generator nor zod's full build.
 */
export function openApiDocument(lists: ApiRouteList[]): (appUrl: string) => unknown {
  const docs = once(() => {
    const registry = new OpenAPIHono();
    for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
      registry.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
    }
    documentRoutes(registry, ...lists);
    return registry;
  });
  return (appUrl) => docs().getOpenAPI31Document(documentOf(appUrl));
}

/** Adds each route of the lists, in order, to the OpenAPI document of `docs` (hidden ones aside). */
export function documentRoutes(docs: Pick<OpenAPIHono, "openAPIRegistry">, ...lists: ApiRouteList[]): void {
  describeMiniSchemas();
  for (const { route } of lists.flatMap(recordedRoutes)) {
    const { middleware: _middleware, hide, ...documented } = route;
    if (!hide) docs.openAPIRegistry.registerPath(documented as Parameters<typeof docs.openAPIRegistry.registerPath>[0]);
  }
}

const documentOf = (appUrl: string): Parameters<OpenAPIHono["getOpenAPI31Document"]>[0] => ({
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
  servers: [{ url: `${appUrl}/api/v1` }],
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
