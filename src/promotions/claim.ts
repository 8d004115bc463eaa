import { and, eq, sql } from "drizzle-orm";
import { checkoutDiscounts, promotionCodes, promotionRedemptions, type PromotionCode } from "../../drizzle";
import type { BatchItem, Db } from "../lib/db";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { isFirstTime } from "./codes";
import { discounted, type DiscountedPrice } from "./pricing";

const FIELD = "promotion_code";
const refuse = (message: string) => AppError.validation([{ field: FIELD, message }], message);

/**
 * The code a person typed, checked for what they are paying (the fee, or a tier's first invoice):
 * it must be this community's, active, unexpired, for this purpose, with uses left, and for a
 * first-time-only code the person must be new. The final word on uses left is the claim.
 */
export async function usableCode(db: Db, input: { communityId: string; code: string; target: "fee" | "tier"; tierId?: string | null; email: string; now: Date }): Promise<PromotionCode> {
  const code = await db.query.promotionCodes.findFirst({ where: and(eq(promotionCodes.communityId, input.communityId), eq(promotionCodes.code, input.code.toUpperCase())) });
  // Another community's code is simply unknown here.
  if (!code || !code.active) throw refuse(`The code ${input.code.toUpperCase()} is not valid here`);
  if (code.expiresAt && code.expiresAt <= input.now) throw refuse(`The code ${code.code} has expired`);
  if (code.target !== input.target || (code.target === "tier" && code.tierId !== input.tierId)) {
    throw refuse(code.target === "fee" ? `The code ${code.code} is for the application fee` : `The code ${code.code} is for another tier`);
  }
  if (code.maxRedemptions != null && code.redeemed >= code.maxRedemptions) throw usedUp(code);
  if (code.firstTimeOnly && !(await isFirstTime(db, input.communityId, input.email))) throw refuse(`The code ${code.code} is for first-time members only`);
  return code;
}

const usedUp = (code: PromotionCode) => new AppError(409, "conflict", `The code ${code.code} has been used up`, [{ field: FIELD, message: "No uses left" }]);

export function codePrice(code: PromotionCode, listAmount: number): DiscountedPrice {
  return discounted(code, listAmount);
}

/**
 * The statements that claim one use of the code, for the caller's write batch (the one that
 * stores the application or the membership). The redemption's insert carries its own guard: while
 * the code has uses left and is unexpired it inserts the code's id, otherwise NULL, which the NOT
 * NULL column refuses, failing and rolling back the whole batch. D1 runs a batch as one
 * transaction, so concurrent claims are serialised and the counter never passes the limit.
 */
export function claimStatements(db: Db, code: PromotionCode, subject: { kind: "application" | "membership"; id: string }, email: string, price: DiscountedPrice, now: Date): BatchItem[] {
  const ms = now.getTime();
  const left = usesLeft(code, now);
  const appId = subject.kind === "application" ? subject.id : null;
  const memId = subject.kind === "membership" ? subject.id : null;
  return [
    // Columns in table order: id, code, email, application, membership, list, discount, paid, created.
    db.insert(promotionRedemptions).select(sql`select ${newId("prd")}, case when ${left} then ${code.id} else null end, ${email.toLowerCase()}, ${appId}, ${memId}, ${price.listAmount}, ${price.discountAmount}, null, ${ms}`),
    db
      .update(promotionCodes)
      .set({ redeemed: sql`${promotionCodes.redeemed} + 1`, discountTotal: sql`${promotionCodes.discountTotal} + ${price.discountAmount}` })
      .where(eq(promotionCodes.id, code.id)),
    db.insert(checkoutDiscounts).values({
      subjectId: subject.id,
      source: "promotion",
      sourceId: code.id,
      listAmount: price.listAmount,
      discountAmount: price.discountAmount,
      stripeCouponId: null,
      stripePromotionCodeId: code.stripePromotionCodeId,
      createdAt: now,
    }),
  ];
}

/** SQL: the code is active, unexpired at `now` and has uses left, when the statement runs. */
export function usesLeft(code: Pick<PromotionCode, "id">, now: Date) {
  return sql`exists (select 1 from ${promotionCodes} where ${promotionCodes.id} = ${code.id} and ${promotionCodes.active} = 1 and (${promotionCodes.maxRedemptions} is null or ${promotionCodes.redeemed} < ${promotionCodes.maxRedemptions}) and (${promotionCodes.expiresAt} is null or ${promotionCodes.expiresAt} > ${now.getTime()}))`;
}

/** Turns a failed claim (the batch's guard or the one-use-per-person index) into the 4xx to show. */
export function claimRefusal(err: unknown, code: PromotionCode): AppError | null {
  const text = String(err);
  if (text.includes("NOT NULL constraint failed: promotion_redemptions.code_id")) return usedUp(code);
  if (text.includes("UNIQUE constraint failed: promotion_redemptions")) return new AppError(409, "conflict", `You have already used the code ${code.code}`, [{ field: FIELD, message: "Already used" }]);
  return null;
}
