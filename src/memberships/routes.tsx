import { Hono } from "hono";
import { getVisibleCommunity } from "../communities/launch";
import { and, eq, isNull } from "drizzle-orm";
import { BILLING_INTERVALS, memberships, tiers, type BillingInterval, type Community } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { requireViewer } from "../auth/session";
import { getCommunityBySlug } from "../communities/service";
import type { Deps } from "../env";
import { AppError } from "../lib/errors";
import { accessFor } from "./access";
import { joinCommunity, joinRights, openTier, usableInviteFor } from "./join";
import { tierOfferFor } from "../experiments/pricing";
import { visitorOf, type Visitor } from "../experiments/visitor";
import { renderJoin, type TierChoice } from "./pages";
import { seatsTaken } from "../tiers/seats";
import { joinWaitlist, openWaitlistEntry, waitlistPosition } from "./waitlist";
import { firstMonthNotice, joinDiscountLookup } from "../referrals/join-discount";

async function tierChoices(deps: Deps, community: Community, allowed: Set<string>, email: string, visitor: Visitor): Promise<TierChoice[]> {
  const rows = await deps.db.query.tiers.findMany({ where: and(eq(tiers.communityId, community.id), isNull(tiers.archivedAt)), orderBy: (t, { asc }) => [asc(t.rank)] });
  const now = deps.now();
  const choices: TierChoice[] = [];
  for (const tier of rows.filter((t) => allowed.has(t.id))) {
    const [{ month, year }, taken, entry] = await Promise.all([
      tierOfferFor(deps, community.id, tier.id, visitor, { email, expose: true }),
      tier.capacity == null ? Promise.resolve(0) : seatsTaken(deps.db, tier.id, now),
      openWaitlistEntry(deps.db, tier.id, email),
    ]);
    const offered = entry?.status === "offered" && !!entry.offerExpiresAt && entry.offerExpiresAt > now;
    choices.push({
      tier,
      month,
      year,
      seatsLeft: tier.capacity == null ? null : Math.max(0, tier.capacity - taken),
      offered,
      waitlistPosition: entry?.status === "waiting" ? await waitlistPosition(deps.db, entry) : undefined,
    });
  }
  return choices;
}

export const membershipRoutes = new Hono<AppEnv>()
  .get("/c/:slug/join", async (c) => {
    const deps = c.get("deps");
    const community = await getVisibleCommunity(c, c.req.param("slug"));
    const viewer = await requireViewer(c);
    const invite = c.req.query("invite");
    let rights;
    try {
      const inviteTierId = invite ? (await usableInviteFor(deps, community, invite, viewer.email)).tier.id : null;
      rights = await joinRights(deps, community, viewer.email, { inviteTierId });
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return c.redirect(`/c/${community.slug}/home`, 303);
      throw err;
    }
    const choices = await tierChoices(deps, community, rights.allowedTierIds, viewer.email, visitorOf(c));
    const offer = await firstMonthNotice(deps.db, community, viewer.email, choices[0]?.month ?? choices[0]?.year);
    const notice = c.req.query("cancelled")
      ? { tone: "warn" as const, text: "You left the payment page; nothing was charged. Your seat is held for a few minutes." }
      : offer
        ? { tone: "ok" as const, text: offer }
        : undefined;
    return c.html(renderJoin({ community, choices, invite, notice, email: viewer.email }));
  })
  .post("/c/:slug/join", async (c) => {
    const deps = c.get("deps");
    const community = await getVisibleCommunity(c, c.req.param("slug"));
    const viewer = await requireViewer(c);
    const body = await c.req.parseBody();
    const unknown = Object.keys(body).filter((k) => !["tier_id", "interval", "invite", "promotion_code"].includes(k));
    if (unknown.length) throw AppError.validation(unknown.map((field) => ({ field, message: "Unknown field" })));
    const interval = String(body.interval ?? "") as BillingInterval;
    if (!BILLING_INTERVALS.includes(interval)) throw AppError.validation([{ field: "interval", message: "Choose monthly or yearly billing" }]);
    const outcome = await joinCommunity(deps, community, {
      email: viewer.email,
      tierId: String(body.tier_id ?? ""),
      tierField: "tier_id",
      interval,
      invite: typeof body.invite === "string" && body.invite ? body.invite : null,
      visitor: visitorOf(c),
      discountFor: joinDiscountLookup(deps, community, viewer.email, body.promotion_code),
    });
    if (outcome.kind === "waitlisted") return c.redirect(`/c/${community.slug}/join?waitlisted=${outcome.position}`, 303);
    return c.redirect(outcome.url, 303);
  })
  .post("/c/:slug/join/waitlist", async (c) => {
    const deps = c.get("deps");
    const community = await getVisibleCommunity(c, c.req.param("slug"));
    const viewer = await requireViewer(c);
    const body = await c.req.parseBody();
    const rights = await joinRights(deps, community, viewer.email);
    const tier = await openTier(deps, community, String(body.tier_id ?? ""), "tier_id");
    if (!rights.allowedTierIds.has(tier.id)) throw AppError.validation([{ field: "tier_id", message: "Choose one of the tiers" }]);
    const { position } = await joinWaitlist(deps, community, tier, viewer.email);
    return c.redirect(`/c/${community.slug}/join?waitlisted=${position}`, 303);
  })
  .post("/c/:slug/home/billing", async (c) => {
    const deps = c.get("deps");
    const community = await getCommunityBySlug(deps.db, c.req.param("slug"));
    const viewer = await requireViewer(c);
    const m = await deps.db.query.memberships.findFirst({
      where: and(eq(memberships.communityId, community.id), eq(memberships.email, viewer.email.toLowerCase())),
      orderBy: (t, { desc }) => [desc(t.createdAt)],
    });
    if (!m?.stripeCustomerId) throw AppError.notFound("Billing account");
    const portal = await deps.stripe.billingPortal.sessions.create({ customer: m.stripeCustomerId, return_url: `${deps.config.appUrl}/c/${community.slug}/home` });
    return c.redirect(portal.url, 303);
  });
