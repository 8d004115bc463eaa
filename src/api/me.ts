import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "./openapi";
import { getVisibleCommunity } from "../communities/launch";
import type { Community, Tier } from "../../drizzle";
import { requireViewer } from "../auth/session";
import { communityAccess } from "../auth/community-access";
import { joinCommunity } from "../memberships/join";
import { visitorOf } from "../experiments/visitor";
import { signedIn } from "./access";
import { SlugParams } from "./schemas";
import { accessView } from "./serialize";
import { AccessSchema, JoinBody, JoinCheckoutSchema, JoinWaitlistedSchema } from "./tier-schemas";

/** The signed-in person's own side of a community: what they may see, and joining a tier. */
const tags = ["Membership"];

const meRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/me",
  tags,
  summary: "The caller's access to the community: role, standing, tier and membership (signed in)",
  description:
    "Exactly what every gated page and endpoint decides with. `role: none` with a membership means it does not grant " +
    "access right now (lapsed, or still in Checkout).",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams },
  responses: {
    200: jsonContent(AccessSchema, "The caller's access"),
    ...errorResponses(400, 401, 404),
  },
});

const joinRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/join",
  tags,
  summary: "Join a tier: a seat is held and a Stripe Checkout opened, or a full tier's waitlist joined (signed in)",
  description:
    "Open to approved applicants for public tiers. The price is the tier's current price for `interval`, read on the " +
    "server: no amount is ever accepted, and unknown fields such as `price` or `amount` are refused (400). " +
    "403 for someone not approved, banned, or picking an invite-only tier; 409 for a current member.",
  security: staffSecurity,
  middleware: signedIn,
  request: { params: SlugParams, body: jsonBody(JoinBody) },
  responses: {
    201: jsonContent(JoinCheckoutSchema, "A seat is held; send the person to `checkoutUrl` to pay"),
    202: jsonContent(JoinWaitlistedSchema, "The tier is full; the person is on its waitlist and is emailed when a seat frees up"),
    ...errorResponses(400, 401, 403, 404, 409, 415, 502),
  },
});

export const meApi = createApiRouter()
  .openapi(meRoute, async (c) => {
    await requireViewer(c);
    // The community and the caller's access came with the session (one round trip in all).
    const { access } = await communityAccess(c, c.req.valid("param").slug);
    c.header("Cache-Control", "private, no-store");
    return c.json(accessView(access!), 200);
  })
  .openapi(joinRoute, async (c) => {
    const deps = c.get("deps");
    const viewer = await requireViewer(c);
    const community = await getVisibleCommunity(c, c.req.valid("param").slug);
    const { tierId, interval } = c.req.valid("json");
    const outcome = await joinCommunity(deps, community, { email: viewer.email, tierId, interval, visitor: visitorOf(c) });
    if (outcome.kind === "waitlisted") return c.json({ waitlisted: true as const, position: outcome.position }, 202);
    return c.json({ checkoutUrl: outcome.url }, 201);
  });
