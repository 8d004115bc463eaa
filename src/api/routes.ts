import { HTTPException } from "hono/http-exception";
import { AppError } from "../lib/errors";
import { communitiesApi } from "./communities";
import { contentApi } from "../content/api";
import { moderationApi } from "../moderation/api";
import { homeApi } from "../home/api";
import { profilesApi } from "../profiles/api";
import { peopleApi } from "../profiles/people-api";
import { spacesApi } from "../spaces/api";
import { eventsApi } from "../events/api";
import { insightsApi } from "../insights/api";
import { honoursApi } from "../honours/api";
import { groupsApi } from "../groups/api";
import { giftsApi } from "../gifts/api";
import { meApi } from "./me";
import { notificationsApi } from "../notifications/api";
import { membersApi } from "./members";
import { memberExportsApi } from "../members/exports-api";
import { experimentsApi } from "./experiments";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { defaultHook, mountApiRoutes, SECURITY_SCHEMES } from "./openapi";
import { questionsApi } from "./questions";
import { reviewApi } from "./review";
import { submissionsApi } from "./submissions";
import { tiersApi } from "./tiers";
import { referralsApi } from "../referrals/api";
import { promotionsApi } from "../promotions/api";

/**
 * The JSON API, mounted by src/app.ts at /api/v1 and described by OpenAPI 3.1 at
 * /api/v1/openapi.json. Each resource group lives in its own file; handlers only check access,
 * call the feature's domain functions and shape the response.
 */
export const apiRoutes = new OpenAPIHono<AppEnv>({ defaultHook });

for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
  apiRoutes.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
}

// In this order: where two routes match a path, the earlier answers (GET /members/exports is also a
// /members/{id}).
mountApiRoutes(
  apiRoutes,
  communitiesApi,
  questionsApi,
  submissionsApi,
  reviewApi,
  tiersApi,
  memberExportsApi,
  membersApi,
  meApi,
  contentApi,
  moderationApi,
  homeApi,
  experimentsApi,
  notificationsApi,
  profilesApi,
  peopleApi,
  spacesApi,
  referralsApi,
  promotionsApi,
  eventsApi,
  insightsApi,
  honoursApi,
  groupsApi,
  giftsApi,
);

apiRoutes.doc31("/openapi.json", (c) => ({
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
}));

/**
 * Hono's own client errors (a body that is not JSON: 400; a body that is not declared JSON: 415)
 * become AppErrors so that the app's error handler answers them with the standard error body
 * instead of a 500. Everything else goes on to that handler unchanged.
 */
apiRoutes.onError((err) => {
  if (err instanceof HTTPException && !(err instanceof AppError) && err.status < 500 && !err.res) {
    throw new AppError(err.status, "bad_request", err.message || "Bad request");
  }
  throw err;
});
