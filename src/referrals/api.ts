import * as z from "zod/mini";
import { createRoute, extending, createApiRouter, errorResponses, jsonBody, jsonContent, staffSecurity, named } from "../api/openapi";
import type { Context } from "hono";
import type { ReferralProgram } from "../../drizzle";
import { communityStaff, signedIn } from "../api/access";
import { SlugParams } from "../api/schemas";
import type { AppEnv } from "../app-env";
import { communityAccess } from "../auth/community-access";
import { requireViewer } from "../auth/session";
import { AppError } from "../lib/errors";
import { linkFor, linkUrl, revokeLink } from "./links";
import { programOf, saveProgram } from "./program";
import { memberReferrals, referralLeaderboard } from "./queries";
import { referralProgramSchema } from "./schemas";

/** Referral links (members) and the referral offer, leaderboard and totals (owners) under /api/v1. */

const tags = ["Referrals"];
const ownersOnly = communityStaff(["owner"]);

const ReferralSchema = z.lazy(() =>
  z.object({
    referredEmail: z.string(),
    status: z.enum(["applied", "rewarding", "rewarded", "reversing", "reversed", "void"]),
    discountAmount: z.number().check(z.int(), z.meta({ description: "What the referred person was given off, in minor units" })),
    rewardKind: z.nullable(z.enum(["credit", "coupon", "points"])),
    rewardAmount: z.nullable(z.number().check(z.int())).check(z.meta({ description: "Credit in minor units, coupon percent, or points" })),
    createdAt: z.string(),
  }).check(z.meta({ id: "Referral" })),
);

const TotalsSchema = z.lazy(() =>
  z.object({ brought: z.number().check(z.int()), joined: z.number().check(z.int()), discountTotal: z.number().check(z.int()), creditTotal: z.number().check(z.int()), revenue: z.number().check(z.int()) }).check(z.meta({ id: "ReferralTotals" })),
);

const LinkSchema = z.lazy(() =>
  z.object({
    url: z.nullable(z.string()).check(z.meta({ description: "The caller's invitation link; null until they make one" })),
    totals: TotalsSchema,
    referrals: z.array(ReferralSchema),
  }).check(z.meta({ id: "ReferralLink" })),
);

const ProgramSchema = named(referralProgramSchema, "ReferralOffer", {
  example: { active: true, refereeTarget: "fee", refereePercentOff: 20, refereeAmountOff: null, rewardKind: "credit", rewardValue: 0, refundWindowDays: 30 },
});

const BoardSchema = z.lazy(() =>
  z.object({
    offer: z.nullable(ProgramSchema),
    totals: extending(TotalsSchema, { referrers: z.number().check(z.int()) }),
    leaderboard: z.array(extending(TotalsSchema, { email: z.string() })),
  }).check(z.meta({ id: "ReferralBoard" })),
);

/** The caller as a member of `{slug}` (a live membership), as on the page. */
async function member(c: Context<AppEnv>) {
  const { community, access } = await communityAccess(c, c.req.param("slug") ?? "");
  const viewer = await requireViewer(c);
  if (!access?.membership || access.banned || access.membership.status === "incomplete") throw AppError.forbidden(`Only members of ${community.name} have an invitation link`);
  return { deps: c.get("deps"), community, email: viewer.email.toLowerCase() };
}

async function linkView(c: Context<AppEnv>) {
  const { deps, community, email } = await member(c);
  const mine = await memberReferrals(deps.db, community.id, email);
  const t = mine.totals;
  return {
    url: mine.link ? linkUrl(deps, mine.link) : null,
    totals: { brought: t?.brought ?? 0, joined: t?.joined ?? 0, discountTotal: t?.discountTotal ?? 0, creditTotal: t?.creditTotal ?? 0, revenue: t?.revenue ?? 0 },
    referrals: mine.referrals.map((r) => ({ referredEmail: r.referredEmail, status: r.status, discountAmount: r.discountAmount, rewardKind: r.rewardKind, rewardAmount: r.rewardAmount, createdAt: r.createdAt.toISOString() })),
  };
}

const offerView = (p: ReferralProgram | undefined) =>
  p ? { active: p.active, refereeTarget: p.refereeTarget, refereePercentOff: p.refereePercentOff, refereeAmountOff: p.refereeAmountOff, rewardKind: p.rewardKind, rewardValue: p.rewardValue, refundWindowDays: p.refundWindowDays } : null;

const linkRoute = (method: "get" | "post" | "delete", summary: string) =>
  createRoute({
    method,
    path: "/communities/{slug}/referral-link",
    tags,
    summary,
    security: staffSecurity,
    middleware: signedIn,
    request: { params: SlugParams },
    responses: { 200: jsonContent(LinkSchema, "The caller's link, the people they brought and their rewards"), ...errorResponses(401, 403, 404) },
  });

const boardRoute = createRoute({
  method: "get",
  path: "/communities/{slug}/referrals",
  tags,
  summary: "The referral offer, leaderboard and what referrals cost and earned (owners)",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams },
  responses: { 200: jsonContent(BoardSchema, "Offer, totals and the top 20 referrers"), ...errorResponses(401, 403, 404) },
});

const offerRoute = createRoute({
  method: "put",
  path: "/communities/{slug}/referral-offer",
  tags,
  summary: "Set the referral offer (owners)",
  description: "A discount for the referred person (percent 1–100 or an amount, not both; on the fee no more than the fee) and a reward for the member, granted when the referred person is approved and has paid their first membership invoice, taken back if that is refunded within `refundWindowDays`.",
  security: staffSecurity,
  middleware: ownersOnly,
  request: { params: SlugParams, body: jsonBody(ProgramSchema) },
  responses: { 200: jsonContent(ProgramSchema, "The saved offer"), ...errorResponses(400, 401, 403, 404, 415) },
});

export const referralsApi = createApiRouter()
  .openapi(linkRoute("get", "The caller's invitation link, the people they brought and their rewards (members)"), async (c) => c.json(await linkView(c), 200))
  .openapi(linkRoute("post", "Make the caller's invitation link (members; the same link when it exists)"), async (c) => {
    const { deps, community, email } = await member(c);
    await linkFor(deps, community, email);
    return c.json(await linkView(c), 200);
  })
  .openapi(linkRoute("delete", "Withdraw the caller's invitation link (it answers 410 from now on)"), async (c) => {
    const { deps, community, email } = await member(c);
    await revokeLink(deps, community, email);
    return c.json(await linkView(c), 200);
  })
  .openapi(boardRoute, async (c) => {
    const { community } = c.var.staff;
    const db = c.get("deps").db;
    const [program, board] = await Promise.all([programOf(db, community.id), referralLeaderboard(db, community.id)]);
    return c.json({ offer: offerView(program), totals: board.totals, leaderboard: board.leaders.map(({ communityId: _c, ...l }) => l) }, 200);
  })
  .openapi(offerRoute, async (c) => {
    const { community, viewer } = c.var.staff;
    return c.json(offerView(await saveProgram(c.get("deps"), community, c.req.valid("json"), viewer.email))!, 200);
  });
