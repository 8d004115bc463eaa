import { and, eq, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { communities, questions, tierPrices, tiers, type Community } from "../../drizzle";
import type { AppEnv } from "../app-env";
import { knownCommunityAccess } from "../auth/community-access";
import { getViewer } from "../auth/session";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { accessFor } from "../memberships/access";
import { getCommunityBySlug } from "./service";

/**
 * A community starts as a draft and goes live only once an applicant could make an informed
 * choice: it says what it is, what the rules are, what it asks, what the fee buys and what
 * membership costs. Before that, it would take non-refundable fees for an empty page.
 */
export type LaunchItemKey = "description" | "rules" | "questions" | "fee" | "tier";

export interface LaunchItem {
  key: LaunchItemKey;
  label: string;
  done: boolean;
  /** The admin page (under /c/:slug/admin/) where the item is completed. */
  fixPath: string;
}

export async function launchChecklist(db: Db, community: Community): Promise<LaunchItem[]> {
  const [questionRows, tierRows] = await db.batch([
    db.select({ id: questions.id }).from(questions).where(and(eq(questions.communityId, community.id), isNull(questions.archivedAt))).limit(1),
    // A public tier counts once it has a price to show; a tier nobody can buy is no offer.
    db
      .select({ id: tiers.id })
      .from(tiers)
      .innerJoin(tierPrices, and(eq(tierPrices.tierId, tiers.id), eq(tierPrices.active, true)))
      .where(and(eq(tiers.communityId, community.id), eq(tiers.visibility, "public"), isNull(tiers.archivedAt)))
      .limit(1),
  ]);
  return [
    { key: "description", label: "Describe what members get", done: community.description.trim() !== "", fixPath: "settings" },
    { key: "rules", label: "Write the community rules", done: community.rules.trim() !== "", fixPath: "settings" },
    { key: "questions", label: "Ask at least one application question", done: questionRows.length > 0, fixPath: "questions" },
    // The operator chooses the policy at creation; the item asks the owner to state it to applicants.
    { key: "fee", label: "Set the application fee and its refund policy", done: community.feeAmount === 0 || community.feePolicy != null, fixPath: "settings" },
    { key: "tier", label: "Offer at least one public tier with a price", done: tierRows.length > 0, fixPath: "tiers" },
  ];
}

/** Publishes a draft once every checklist item is done; refuses with a 409 naming what is missing. */
export async function publishCommunity(deps: Pick<Deps, "db" | "now">, community: Community): Promise<Community> {
  if (community.status === "published") return community;
  const missing = (await launchChecklist(deps.db, community)).filter((i) => !i.done);
  if (missing.length) {
    throw new AppError(
      409,
      "conflict",
      "Finish the launch checklist before publishing",
      missing.map((i) => ({ field: i.key, message: i.label })),
    );
  }
  const now = deps.now();
  const [row] = await deps.db
    .update(communities)
    .set({ status: "published", publishedAt: now, updatedAt: now })
    .where(eq(communities.id, community.id))
    .returning();
  return row!;
}

/**
 * The community named by `slug` as the public may see it: a draft exists only for its staff and
 * the operators; everyone else gets the same 404 as for a slug that was never used.
 */
export async function getVisibleCommunity(c: Context<AppEnv>, slug: string): Promise<Community> {
  // On a page under /c/:slug/ the session's batch has read the community already.
  const known = knownCommunityAccess(c, slug);
  if (known?.community.status === "published") return known.community;
  return assertVisible(c, known?.community ?? (await getCommunityBySlug(c.get("deps").db, slug)));
}

/** The community itself when the public may see it (or the viewer is its staff), else that same 404. */
export async function assertVisible(c: Context<AppEnv>, community: Community): Promise<Community> {
  if (community.status === "published") return community;
  const deps = c.get("deps");
  const viewer = await getViewer(c);
  const access = viewer ? await accessFor(deps, community, viewer.email, deps.now()) : null;
  if (access && (access.role === "owner" || access.role === "moderator" || access.role === "operator")) return community;
  throw AppError.notFound(`Community "${community.slug}"`);
}
