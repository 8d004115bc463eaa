import { eq } from "drizzle-orm";
import { checkoutDiscounts, type CheckoutDiscount } from "../../drizzle";
import type { Db } from "../lib/db";

/** The discount recorded for an application's or membership's Checkout, if any. */
export async function checkoutDiscountOf(db: Db, subjectId: string): Promise<CheckoutDiscount | undefined> {
  return db.query.checkoutDiscounts.findFirst({ where: eq(checkoutDiscounts.subjectId, subjectId) });
}

/** The Checkout Session's `discounts` for it: the promotion code (so Stripe counts its use) or the coupon. */
export function stripeDiscounts(d: CheckoutDiscount | undefined): { discounts: Array<{ promotion_code: string } | { coupon: string }> } | Record<string, never> {
  if (!d || d.discountAmount <= 0) return {};
  if (d.stripePromotionCodeId) return { discounts: [{ promotion_code: d.stripePromotionCodeId }] };
  return d.stripeCouponId ? { discounts: [{ coupon: d.stripeCouponId }] } : {};
}
