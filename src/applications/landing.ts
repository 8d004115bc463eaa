import type { Context } from "hono";
import type { Community, ExperimentAssignment, Question, Tier } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { getViewer } from "../auth/session";
import { assertVisible } from "../communities/launch";
import { communityIdOf, feeAssignmentByEmailQuery, loadPublicConfig, publicConfigQueries, readPublicConfig, visitorPrices, type PublicConfig } from "../experiments/offers";
import type { RateLimitCounts } from "../lib/rate-limit";
import { submitCheckQueries, type SubmitChecks } from "./service";
import type { PriceShown, TierOffer } from "../experiments/pricing";
import { AppError } from "../lib/errors";
import type { Visitor } from "../experiments/visitor";
import { accessFor, lostAccess } from "../memberships/access";
import { offerIsLive } from "../groups/offer";
import type { LandingProps } from "./landing-page";
import { landingVisit, type LandingVisit } from "../insights/visits";
import { keepPublicConfig, keptPublicConfig } from "../experiments/config-cache";
import { rememberAssignments, rememberedAssignments } from "../experiments/assignment-cookie";

/** Who the visitor is to this community, which decides what the landing page offers them. */
export type ViewerRelation =
  | { kind: "visitor" }
  | { kind: "staff" }
  /** A member, or someone mid-join or lapsed: their member home says what to do next. */
  | { kind: "member" }
  | { kind: "banned"; at: Date }
  | { kind: "removed"; at: Date | null; reason: string };

export async function viewerRelation(c: Context<AppEnv>, community: Community): Promise<ViewerRelation> {
  const deps = c.get("deps");
  const viewer = await getViewer(c);
  if (!viewer) return { kind: "visitor" };
  const access = await accessFor(deps, community, viewer.email, deps.now());
  if (access.role === "owner" || access.role === "moderator" || access.role === "operator") return { kind: "staff" };
  if (access.membership && !access.banned) return { kind: "member" };
  return (await lostAccess(deps.db, community.id, viewer.email)) ?? { kind: "visitor" };
}

export interface LandingData {
  community: Community;
  questions: Question[];
  tiers: { tier: Tier; offer: TierOffer }[];
  relation: ViewerRelation;
  /** The fee this visitor sees, and so pays. */
  fee: PriceShown<number>;
  /** The group offer when it runs; a group is charged the stored fee (group applications stay out of fee tests). */
  groupOffer?: LandingProps["groupOffer"];
}

/**
 * Everything the landing page shows, as this visitor would pay it (running price tests decide
 * the fee and the tier prices, as on the join page).
 *
 * The configuration comes from this isolate's memory when a recent copy is there
 * (src/experiments/config-cache.ts), else from one read batch keyed by the slug (which refreshes
 * the copy). Then at most one batch writes a first assignment, an exposure (logged only when
 * `expose`, that is when the page is shown) and the day's visit; with the copy fresh and nothing
 * else to write, the visit is written after the response. So with the copy fresh, a visitor whose
 * signed cookie names the variants they were shown (or who is offered no price test) waits for no
 * D1 round trip. A draft answers 404 to all but its staff.
 */
export async function landingData(c: Context<AppEnv>, slug: string, visitor: Visitor | null, opts: { expose: boolean }): Promise<LandingData> {
  const deps = c.get("deps");
  // The page view counts as a landing visit (once a day per visitor): in a batch sent anyway, or after the response.
  const visit = opts.expose ? landingVisit(c, slug, visitor) : null;
  const kept = keptPublicConfig(slug);
  const config = kept ?? (await visibleConfig(c, slug, visitor, visit));
  if (kept) await assertVisible(c, kept.community);
  const community = config.community;
  const held = visitor && !visitor.bot ? await rememberedAssignments(c, visitor.id) : new Map<string, string>();
  const [prices, relation] = await Promise.all([
    visitorPrices(deps, config, visitor, kept ? { ...opts, remembered: held, visit } : opts),
    viewerRelation(c, community),
  ]);
  if (visitor && !visitor.bot) await rememberAssignments(c, slug, visitor.id, prices.shown, held);
  const tiers = config.tiers
    .filter((t) => t.visibility === "public")
    .map((tier) => ({ tier, offer: prices.offers.get(tier.id) ?? {} }))
    .filter((t) => t.offer.month || t.offer.year);
  const offer = config.groupOffer ?? undefined;
  const groupOffer = offerIsLive(offer, community) ? { ...offer, fullFee: community.feeAmount } : undefined;
  return { community, questions: config.questions, tiers, relation, fee: prices.fee, groupOffer };
}

/** The community's public configuration for this visitor (one round trip, kept for the next visitors), or the 404 a draft gives outsiders. */
export async function visibleConfig(c: Context<AppEnv>, slug: string, visitor: Visitor | null, visit: LandingVisit | null = null): Promise<PublicConfig> {
  const db = c.get("deps").db;
  const config = visit
    ? readPublicConfig((await db.batch([...publicConfigQueries(db, slug, visitor), visit.statement])).slice(0, -1) as unknown as Parameters<typeof readPublicConfig>[0], visitor)
    : await loadPublicConfig(db, slug, visitor);
  if (!config) throw AppError.notFound(`Community "${slug}"`);
  keepPublicConfig(slug, config);
  visit?.counted();
  await assertVisible(c, config.community);
  return config;
}

export interface SubmissionContext {
  config: PublicConfig;
  checks: SubmitChecks;
  /** The first assignment to the live fee test linked to the address (the price follows a person). */
  feeAssignmentByEmail: ExperimentAssignment | undefined;
  /** The rate-limit counters' results, for `RateLimitCounts.enforce`. */
  limitResults: unknown[];
}

/**
 * What a submission needs, in ONE round trip whose statements are all keyed by the slug: the
 * public configuration (as `visibleConfig` reads it), the ban and open-application checks for the
 * address, its fee-test assignment, and the rate-limit counters when `limits` are given.
 */
export async function submissionContext(c: Context<AppEnv>, slug: string, visitor: Visitor, email: string | null, limits: RateLimitCounts | null): Promise<SubmissionContext> {
  const db = c.get("deps").db;
  const configQueries = publicConfigQueries(db, slug, visitor);
  const [ban, open] = submitCheckQueries(db, communityIdOf(db, slug), email ?? "");
  const results = await db.batch([...configQueries, ban, open, feeAssignmentByEmailQuery(db, slug, email ?? ""), ...(limits?.statements ?? [])]);
  const n = configQueries.length;
  const config = readPublicConfig(results.slice(0, n) as unknown as Parameters<typeof readPublicConfig>[0], visitor);
  if (!config) throw AppError.notFound(`Community "${slug}"`);
  keepPublicConfig(slug, config);
  await assertVisible(c, config.community);
  const [banned, openRows, byEmail] = [results[n], results[n + 1], results[n + 2]] as [unknown[], SubmitChecks["open"][], ExperimentAssignment[]];
  return {
    config,
    checks: { banned: banned.length > 0, questions: config.questions, open: openRows[0] },
    feeAssignmentByEmail: email ? byEmail[0] : undefined,
    limitResults: results.slice(n + 3),
  };
}
