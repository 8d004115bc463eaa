import { eq } from "drizzle-orm";
import { referralPrograms, type Community, type ReferralProgram } from "../../drizzle";
import type { Deps } from "../env";
import type { Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { discounted, type DiscountedPrice } from "../promotions/pricing";
import type { ReferralProgramInput } from "./schemas";

export async function programOf(db: Db, communityId: string): Promise<ReferralProgram | undefined> {
  return db.query.referralPrograms.findFirst({ where: eq(referralPrograms.communityId, communityId) });
}

const hasDiscount = (p: Pick<ReferralProgram, "refereePercentOff" | "refereeAmountOff">) => p.refereePercentOff != null || p.refereeAmountOff != null;

/**
 * What a referred person pays for `target` (the fee, or the first month): the list price less the
 * offer while it is active. The landing page, the join page and Checkout all price through here.
 */
export function referralPrice(program: ReferralProgram | undefined | null, target: ReferralProgram["refereeTarget"], listAmount: number): DiscountedPrice {
  const applies = !!program && program.active && program.refereeTarget === target && hasDiscount(program);
  return discounted(applies ? { percentOff: program!.refereePercentOff, amountOff: program!.refereeAmountOff } : null, listAmount);
}

/**
 * Saves the offer. The referred person's discount and the coupon reward are Stripe coupons (made
 * once per distinct offer, keyed by its terms, so saving the same offer twice makes nothing new).
 */
export async function saveProgram(deps: Deps, community: Community, input: ReferralProgramInput, actor: string): Promise<ReferralProgram> {
  if (input.refereeAmountOff != null && input.refereeTarget === "fee" && input.refereeAmountOff > community.feeAmount) {
    throw AppError.validation([{ field: "refereeAmountOff", message: "More than the application fee" }]);
  }
  const terms = { refereePercentOff: input.refereePercentOff ?? null, refereeAmountOff: input.refereeAmountOff ?? null };
  const refereeCouponId = hasDiscount(terms) ? await couponFor(deps, community, "referee", terms.refereePercentOff, terms.refereeAmountOff) : null;
  const rewardCouponId = input.rewardKind === "coupon" ? await couponFor(deps, community, "reward", input.rewardValue, null) : null;
  const row: ReferralProgram = {
    communityId: community.id,
    active: input.active,
    refereeTarget: input.refereeTarget,
    ...terms,
    rewardKind: input.rewardKind,
    rewardValue: input.rewardKind === "credit" ? 0 : input.rewardValue,
    refundWindowDays: input.refundWindowDays,
    refereeCouponId,
    rewardCouponId,
    updatedAt: deps.now(),
    updatedBy: actor,
  };
  const { communityId: _id, ...set } = row;
  await deps.db.insert(referralPrograms).values(row).onConflictDoUpdate({ target: referralPrograms.communityId, set });
  return row;
}

async function couponFor(deps: Deps, community: Community, purpose: "referee" | "reward", percentOff: number | null, amountOff: number | null): Promise<string> {
  const terms = percentOff != null ? `p${percentOff}` : `a${amountOff}${community.currency}`;
  const coupon = await deps.stripe.coupons.create(
    {
      duration: "once",
      name: purpose === "referee" ? "Invited by a member" : "Thank you for your referral",
      ...(percentOff != null ? { percent_off: percentOff } : { amount_off: amountOff!, currency: community.currency }),
      metadata: { community_id: community.id, purpose: `referral_${purpose}` },
    },
    { idempotencyKey: `threshold:referral-coupon:${community.id}:${purpose}:${terms}` },
  );
  return coupon.id;
}
