import { and, desc, eq, inArray, sql } from "drizzle-orm";
import {
  applications,
  checkoutDiscounts,
  promotionCodes,
  promotionRedemptions,
  referralPrograms,
  referrals,
  type Community,
  type PromotionCode,
  type Referral,
  type ReferralProgram,
  type Tier,
  type TierPrice,
} from "../../drizzle";
import type { Deps } from "../env";
import type { BatchItem, Db } from "../lib/db";
import { newId } from "../lib/ids";
import { claimRefusal, codePrice, usableCode, usesLeft } from "../promotions/claim";
import type { DiscountedPrice } from "../promotions/pricing";
import { formatMoney } from "../ui/format";
import { readEnteredCode } from "../promotions/schemas";
import { referralPrice } from "./program";

/** The one discount on a membership's first invoice: a tier code, or the referral offer on the first month. */
export interface JoinDiscount {
  price: DiscountedPrice;
  /** The Checkout Session's `discounts`. */
  checkout: { discounts: Array<{ promotion_code: string } | { coupon: string }> };
  /** For the seat's batch, after the membership's insert: each writes only if the membership went in. */
  writes(membershipId: string, email: string, at: Date): BatchItem[];
  explain(err: unknown): unknown;
}

/** A referred person's first-month offer: their referral and the community's offer discounting the first month. */
export interface FirstMonthOffer {
  referral: Referral;
  program: ReferralProgram;
}

/**
 * The referral behind the person's approved application and the community's offer, as statements
 * for the join's read batch (so the discount costs the join no round trip of its own).
 */
export function firstMonthOfferQueries(db: Db, communityId: string, email: string) {
  const who = email.toLowerCase();
  const approved = db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.communityId, communityId), eq(applications.email, who), eq(applications.status, "approved")));
  return [
    db
      .select()
      .from(referrals)
      .where(and(eq(referrals.communityId, communityId), eq(referrals.referredEmail, who), inArray(referrals.applicationId, approved)))
      .orderBy(desc(referrals.createdAt))
      .limit(1),
    db.select().from(referralPrograms).where(eq(referralPrograms.communityId, communityId)).limit(1),
  ] as const;
}

export function readFirstMonthOffer([found, programs]: [Referral[], ReferralProgram[]]): FirstMonthOffer | null {
  const program = programs[0];
  if (!found[0] || !program?.active || program.refereeTarget !== "first_month" || !program.refereeCouponId) return null;
  return { referral: found[0], program };
}

async function firstMonthOffer(db: Db, community: Community, email: string): Promise<FirstMonthOffer | null> {
  return readFirstMonthOffer((await db.batch(firstMonthOfferQueries(db, community.id, email))) as [Referral[], ReferralProgram[]]);
}

/** What the join page tells a referred person about their first month (priced by `referralPrice`, as Checkout is). */
export async function firstMonthNotice(db: Db, community: Community, email: string, price: TierPrice | undefined): Promise<string | null> {
  const offer = await firstMonthOffer(db, community, email);
  if (!offer) return null;
  const shown = price ? referralPrice(offer.program, "first_month", price.amount) : null;
  const off = offer.program.refereePercentOff != null ? `${offer.program.refereePercentOff}% off` : `${formatMoney(offer.program.refereeAmountOff ?? 0, community.currency)} off`;
  return shown && shown.discountAmount > 0
    ? `A member invited you: your first payment is ${off} (${formatMoney(shown.amount, price!.currency)} instead of ${formatMoney(shown.listAmount, price!.currency)} for ${price!.interval === "year" ? "the first year" : "the first month"}).`
    : `A member invited you: your first payment is ${off}.`;
}

/**
 * The discount for joining `tier` at `price`: the code typed (checked as `usableCode` checks it) or
 * the referral offer on the first month, whichever takes more off; null when neither applies.
 */
export async function joinDiscountFor(
  deps: Deps,
  community: Community,
  input: { email: string; tier: Tier; price: TierPrice; code: string | null; offer: FirstMonthOffer | null },
): Promise<JoinDiscount | null> {
  const offer = input.offer;
  const code = input.code ? await usableCode(deps.db, { communityId: community.id, code: input.code, target: "tier", tierId: input.tier.id, email: input.email, now: deps.now() }) : null;
  const viaLink = offer ? referralPrice(offer.program, "first_month", input.price.amount) : null;
  const viaCode = code ? codePrice(code, input.price.amount) : null;
  if (viaCode && (!viaLink || viaCode.discountAmount >= viaLink.discountAmount)) return codeDiscount(deps.db, code!, viaCode);
  if (!viaLink || viaLink.discountAmount <= 0) return null;
  const couponId = offer!.program.refereeCouponId!;
  return {
    price: viaLink,
    checkout: { discounts: [{ coupon: couponId }] },
    writes: (membershipId, _email, at) => [discountRow(deps.db, membershipId, { source: "referral", sourceId: offer!.referral.id, price: viaLink, coupon: couponId, promo: null, at })],
    explain: (err) => err,
  };
}

const membershipIn = (id: string) => sql`exists (select 1 from memberships where id = ${id})`;

function discountRow(db: Db, membershipId: string, d: { source: "referral" | "promotion"; sourceId: string; price: DiscountedPrice; coupon: string | null; promo: string | null; at: Date }) {
  // Columns in table order: subject, source, source id, list, discount, coupon, promotion code, created.
  return db
    .insert(checkoutDiscounts)
    .select(sql`select ${membershipId}, ${d.source}, ${d.sourceId}, ${d.price.listAmount}, ${d.price.discountAmount}, ${d.coupon}, ${d.promo}, ${d.at.getTime()} where ${membershipIn(membershipId)}`);
}

/**
 * A tier code's claim, written only when the seat's membership went in: its redemption carries the
 * same NOT NULL guard as an application's claim (see `claimStatements`), so the batch fails, and
 * nothing is written, when the last use went meanwhile.
 */
function codeDiscount(db: Db, code: PromotionCode, price: DiscountedPrice): JoinDiscount {
  return {
    price,
    checkout: { discounts: [{ promotion_code: code.stripePromotionCodeId }] },
    writes(membershipId, email, at) {
      const ms = at.getTime();
      const left = usesLeft(code, at);
      return [
        db
          .insert(promotionRedemptions)
          .select(sql`select ${newId("prd")}, case when ${left} then ${code.id} else null end, ${email.toLowerCase()}, null, ${membershipId}, ${price.listAmount}, ${price.discountAmount}, null, ${ms} where ${membershipIn(membershipId)}`),
        db
          .update(promotionCodes)
          .set({ redeemed: sql`${promotionCodes.redeemed} + 1`, discountTotal: sql`${promotionCodes.discountTotal} + ${price.discountAmount}` })
          .where(and(eq(promotionCodes.id, code.id), sql`exists (select 1 from ${promotionRedemptions} where ${promotionRedemptions.membershipId} = ${membershipId})`)),
        discountRow(db, membershipId, { source: "promotion", sourceId: code.id, price, coupon: null, promo: code.stripePromotionCodeId, at }),
      ];
    },
    explain: (err) => claimRefusal(err, code) ?? err,
  };
}

/** The join form's lookup: the typed code (checked at the edge) and the person's referral offer. */
export function joinDiscountLookup(deps: Deps, community: Community, email: string, rawCode: unknown) {
  const code = readEnteredCode(rawCode);
  return (tier: Tier, price: TierPrice, offer: FirstMonthOffer | null) => joinDiscountFor(deps, community, { email, tier, price, code, offer });
}
