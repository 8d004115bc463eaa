import { eq } from "drizzle-orm";
import { groupOffers, type Community, type GroupOffer } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError, type FieldIssue } from "../lib/errors";
import { zodIssues } from "../lib/validation";
import { groupOfferSchema } from "./schemas";

export function groupOfferQuery(db: Db, communityId: string) {
  return db.select().from(groupOffers).where(eq(groupOffers.communityId, communityId)).limit(1);
}

export async function groupOfferOf(db: Db, communityId: string): Promise<GroupOffer | undefined> {
  return (await groupOfferQuery(db, communityId))[0];
}

/**
 * Whether new groups may start now: the offer is on and still a discount on the fee as it is
 * today (the owner may have lowered the fee since setting the offer).
 */
export function offerIsLive(offer: GroupOffer | undefined, community: Pick<Community, "feeAmount">): offer is GroupOffer {
  return !!offer && offer.enabled && offer.groupFee < community.feeAmount;
}

/**
 * Saves the owner's group offer. The group fee must be below the application fee (that is the
 * discount), so a community with no fee cannot offer groups. Nothing is written on bad input.
 */
export async function saveGroupOffer(deps: Pick<Deps, "db" | "now">, community: Community, raw: unknown): Promise<GroupOffer> {
  // Every problem at once: the shape, and the discount checked against the fee whenever the fee is a number.
  const parsed = groupOfferSchema.safeParse(raw);
  const issues: FieldIssue[] = parsed.success ? [] : zodIssues(parsed.error);
  const groupFee = (raw as { groupFee?: unknown } | null)?.groupFee;
  if (typeof groupFee === "number" && groupFee >= community.feeAmount && !issues.some((i) => i.field === "groupFee")) {
    const message = community.feeAmount === 0 ? "Applying is free here, so there is nothing to discount" : "The group fee must be below the application fee";
    issues.push({ field: "groupFee", message });
  }
  if (issues.length || !parsed.success) throw AppError.validation(issues);
  const input = parsed.data;
  const row = { communityId: community.id, ...input, updatedAt: deps.now() };
  const [saved] = await deps.db.insert(groupOffers).values(row).onConflictDoUpdate({ target: groupOffers.communityId, set: { ...input, updatedAt: row.updatedAt } }).returning();
  return saved!;
}
