import type { Context } from "hono";
import type { Community, Question, Tier } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { getViewer } from "../auth/session";
import { listCommunityQuestions } from "../communities/service";
import { tierOfferFor, type TierOffer } from "../experiments/pricing";
import type { Visitor } from "../experiments/visitor";
import { accessFor, lostAccess } from "../memberships/access";
import { listTiers } from "../tiers/service";

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
  questions: Question[];
  tiers: { tier: Tier; offer: TierOffer }[];
  relation: ViewerRelation;
}

/**
 * Everything the landing page shows besides the community itself: the questions, the public
 * tiers at the prices this visitor would pay (a running tier price test decides them, as on the
 * join page), and who the visitor is. Exposures are logged only when the page is shown.
 */
export async function landingData(
  c: Context<AppEnv>,
  community: Community,
  visitor: Visitor | null,
  opts: { expose: boolean },
): Promise<LandingData> {
  const deps = c.get("deps");
  const [questions, allTiers, relation] = await Promise.all([
    listCommunityQuestions(deps.db, community.id),
    listTiers(deps.db, community.id),
    viewerRelation(c, community),
  ]);
  const open = allTiers.filter((t) => t.visibility === "public");
  const offers = await Promise.all(open.map((tier) => tierOfferFor(deps, community.id, tier.id, visitor, { expose: opts.expose })));
  const tiers = open.map((tier, i) => ({ tier, offer: offers[i]! })).filter((t) => t.offer.month || t.offer.year);
  return { questions, tiers, relation };
}
