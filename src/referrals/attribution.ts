import { and, eq, sql } from "drizzle-orm";
import { checkoutDiscounts, referrals, referrerTotals, type Community, type PromotionCode, type ReferralLink, type ReferralProgram } from "../../drizzle";
import type { Deps } from "../env";
import type { BatchItem, Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { claimRefusal, claimStatements, codePrice, usableCode } from "../promotions/claim";
import type { DiscountedPrice } from "../promotions/pricing";
import { programOf, referralPrice } from "./program";

/** What an application's fee comes to with the visitor's link and typed code, and the writes that record it. */
export interface FeeOffer {
  price: DiscountedPrice;
  link: ReferralLink | null;
  program: ReferralProgram | null;
  /** The code that gave the discount (Checkout takes one discount: the larger one wins). */
  code: PromotionCode | null;
  /** The statements for the application's write batch. */
  writes(applicationId: string, now: Date): BatchItem[];
  /** A failed write batch as the 4xx to show (a code used up meanwhile), or the error itself. */
  explain(err: unknown): unknown;
}

const refuse = (message: string) => AppError.validation([{ field: "referral", message }], message);

/**
 * Self-referral and loops are refused: nobody is referred by their own link, nor by someone they
 * brought in themselves.
 */
async function checkReferral(db: Db, community: Community, link: ReferralLink, email: string): Promise<void> {
  const who = email.toLowerCase();
  if (link.email === who) throw refuse("This is your own invitation link; it is for the friends you invite");
  const loop = await db.query.referrals.findFirst({ where: and(eq(referrals.communityId, community.id), eq(referrals.referrerEmail, who), eq(referrals.referredEmail, link.email)) });
  if (loop) throw refuse("You invited the member who shared this link, so it cannot count for you");
}

/**
 * The fee for an application through a referral link and/or with a promotion code. The price is
 * computed by the same functions the landing page shows it with (`referralPrice`, `codePrice`).
 */
export async function feeOfferFor(deps: Deps, community: Community, input: { listFee: number; link: ReferralLink | null; code: string | null; email: string }): Promise<FeeOffer> {
  const now = deps.now();
  if (input.link) await checkReferral(deps.db, community, input.link, input.email);
  const program = input.link ? ((await programOf(deps.db, community.id)) ?? null) : null;
  const viaLink = referralPrice(program, "fee", input.listFee);
  const code = input.code && input.listFee > 0 ? await usableCode(deps.db, { communityId: community.id, code: input.code, target: "fee", email: input.email, now }) : null;
  const viaCode = code ? codePrice(code, input.listFee) : null;
  const codeWins = !!viaCode && viaCode.discountAmount >= viaLink.discountAmount;
  const price = codeWins ? viaCode! : viaLink;
  const link = input.link;
  return {
    price,
    link,
    program,
    code: codeWins ? code : null,
    writes(applicationId, at) {
      const out: BatchItem[] = [];
      if (link) out.push(...attributionWrites(deps.db, community, link, { applicationId, email: input.email, discount: codeWins ? 0 : viaLink.discountAmount, at }));
      if (codeWins) out.push(...claimStatements(deps.db, code!, { kind: "application", id: applicationId }, input.email, viaCode!, at));
      else if (viaLink.discountAmount > 0 && program?.refereeCouponId) {
        out.push(
          deps.db.insert(checkoutDiscounts).values({
            subjectId: applicationId,
            source: "referral",
            sourceId: link!.id,
            listAmount: viaLink.listAmount,
            discountAmount: viaLink.discountAmount,
            stripeCouponId: program.refereeCouponId,
            stripePromotionCodeId: null,
            createdAt: at,
          }),
        );
      }
      return out;
    },
    explain: (err) => (code && codeWins ? (claimRefusal(err, code) ?? err) : err),
  };
}

/** The referral row and the referrer's running totals (one more person brought, and what they were given). */
export function attributionWrites(db: Db, community: Community, link: ReferralLink, a: { applicationId: string; email: string; discount: number; at: Date }): BatchItem[] {
  return [
    db.insert(referrals).values({
      id: newId("ref"),
      communityId: community.id,
      linkId: link.id,
      referrerEmail: link.email,
      referredEmail: a.email.toLowerCase(),
      applicationId: a.applicationId,
      discountAmount: a.discount,
      createdAt: a.at,
      updatedAt: a.at,
    }),
    db
      .insert(referrerTotals)
      .values({ communityId: community.id, email: link.email, brought: 1, discountTotal: a.discount })
      .onConflictDoUpdate({
        target: [referrerTotals.communityId, referrerTotals.email],
        set: { brought: sql`${referrerTotals.brought} + 1`, discountTotal: sql`${referrerTotals.discountTotal} + ${a.discount}` },
      }),
  ];
}
