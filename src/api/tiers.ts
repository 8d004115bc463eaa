import * as z from "zod/mini";
import { createRoute, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity } from "./openapi";
import { getVisibleCommunity } from "../communities/launch";
import type { Tier } from "../../drizzle";
import { getViewer } from "../auth/session";
import type { Deps } from "../env";
import { accessFor } from "../memberships/access";
import { tierOverview } from "../tiers/overview";
import { archiveTier, createInvite, createTier, getTier, scheduleMigration, seatsTaken, updateTier, type TierWithPrices } from "../tiers/service";
import { communityStaff } from "./access";
import { SlugParams } from "./schemas";
import { inviteView, tierView } from "./serialize";
import { InviteBody, InviteSchema, MigrationBody, MigrationResultSchema, TierCreateBody, TierParams, TierSchema, TierUpdateBody } from "./tier-schemas";
import { lazyFields } from "../lib/lazy-fields";

const tags = ["Tiers"];
/** Owners (and operators) shape the pyramid; moderators may not, as on the owner pages. */
const ownersOnly = communityStaff(["owner"]);
const STAFF_ROLES = new Set(["operator", "owner", "moderator"]);

const listRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/tiers",
  tags,
  summary: "The community's tiers with their current prices (public)",
  description:
    "Everyone sees the public tiers that are open, bottom of the pyramid first. Signed-in staff (owners, moderators, " +
    "operators) also see invite-only and archived tiers, archived last. `prices` are what a newcomer pays now.",
  request: { params: SlugParams },
  responses: {
    200: jsonContent(z.object(lazyFields({ tiers: () => z.array(TierSchema) })), "The tiers"),
    ...errorResponses(400, 404),
  },
});

const createTierRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/tiers",
  tags,
  summary: "Create a tier with its Stripe product and prices (owners)",
  description: "Give a monthly or a yearly amount (or both), in minor units. Ranks are unique among open tiers.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(TierCreateBody) },
  responses: {
    201: jsonContent(TierSchema, "Created"),
    ...errorResponses(400, 401, 403, 404, 415, 502),
  },
});

const updateTierRoute = createRoute({
  method: "patch",
  path: "/communities/{slug}/tiers/{id}",
  tags,
  summary: "Change a tier (owners); a new amount applies to new members only",
  description:
    "Missing fields stay as they are. Changing an amount never changes what existing members pay: it creates a new " +
    "Stripe price for newcomers and retires the old one for newcomers only, so current members keep the price they " +
    "joined at (grandfathering). To move them to the new price, schedule a migration " +
    "(`POST /communities/{slug}/tiers/{id}/migrations`). An amount of `null` stops offering that interval; " +
    "a tier always keeps at least one price. The currency cannot change.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: TierParams, body: jsonBody(TierUpdateBody) },
  responses: {
    200: jsonContent(TierSchema, "The updated tier"),
    ...errorResponses(400, 401, 403, 404, 409, 415, 502),
  },
});

const archiveRoute = createRoute({
  method: "delete",
  path: "/communities/{slug}/tiers/{id}",
  tags,
  summary: "Archive a tier (owners): nobody new can join it",
  description: "Only a tier without live members can be archived (409 otherwise): move its members first. Archiving twice is a no-op.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: TierParams },
  responses: {
    204: { description: "Archived" },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const inviteRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/tiers/{id}/invites",
  tags,
  summary: "Create an invite link to an invite-only tier (owners)",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: TierParams, body: jsonBody(InviteBody) },
  responses: {
    201: jsonContent(InviteSchema, "Created; send `url` to the person"),
    ...errorResponses(400, 401, 403, 404, 409, 415),
  },
});

const migrationRoute = createRoute({
  method: "post",
  path: "/communities/{slug}/tiers/{id}/migrations",
  tags,
  summary: "Schedule moving grandfathered members to the tier's current price (owners)",
  description:
    "Every member of the tier who pays an older price of `interval` is emailed now and moves to the current price on " +
    "`effectiveAt` (charged from their next renewal, no proration). `effectiveAt` must be at least 7 days away.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: TierParams, body: jsonBody(MigrationBody) },
  responses: {
    200: jsonContent(MigrationResultSchema, "Scheduled"),
    ...errorResponses(400, 401, 403, 404, 415),
  },
});

/** A changed tier as the API shows it (seats counted only when capped). */
async function shownTier(deps: Deps, tier: TierWithPrices) {
  const taken = tier.capacity == null ? 0 : await seatsTaken(deps.db, tier.id, deps.now());
  return tierView(tier, tier.prices, taken);
}

const isOpenPublic = (t: Tier) => t.visibility === "public" && t.archivedAt == null;

export const tiersApi = createApiRouter()
  .openapi(listRoute, async (c) => {
    const deps = c.get("deps");
    const now = deps.now();
    const community = await getVisibleCommunity(c, c.req.valid("param").slug);
    const viewer = await getViewer(c);
    const [summaries, access] = await Promise.all([
      tierOverview(deps.db, community.id, now),
      viewer ? accessFor(deps, community, viewer.email, now) : null,
    ]);
    const staff = access != null && STAFF_ROLES.has(access.role);
    const shown = summaries.filter((s) => staff || isOpenPublic(s.tier));
    if (staff) c.header("Cache-Control", "private, no-store");
    return c.json({ tiers: shown.map((s) => tierView(s.tier, s.prices, s.seats)) }, 200);
  })
  .openapi(createTierRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const tier = await createTier(deps, community.id, c.req.valid("json"), viewer.email);
    return c.json(tierView(tier, tier.prices, 0), 201);
  })
  .openapi(updateTierRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const tier = await getTier(deps.db, community.id, c.req.valid("param").id);
    return c.json(await shownTier(deps, await updateTier(deps, tier.id, c.req.valid("json"), viewer.email)), 200);
  })
  .openapi(archiveRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const tier = await getTier(deps.db, community.id, c.req.valid("param").id);
    await archiveTier(deps, tier.id, viewer.email);
    return c.body(null, 204);
  })
  .openapi(inviteRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const tier = await getTier(deps.db, community.id, c.req.valid("param").id);
    const invite = await createInvite(deps, tier.id, c.req.valid("json"), viewer.email);
    return c.json(inviteView(deps, community.slug, invite), 201);
  })
  .openapi(migrationRoute, async (c) => {
    const deps = c.get("deps");
    const { community, viewer } = c.get("staff");
    const tier = await getTier(deps.db, community.id, c.req.valid("param").id);
    const { interval, effectiveAt, reason } = c.req.valid("json");
    const result = await scheduleMigration(deps, tier.id, interval, effectiveAt, viewer.email, reason);
    return c.json(result, 200);
  });
