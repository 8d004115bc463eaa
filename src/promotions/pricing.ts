/**
 * The one price arithmetic for discounts, used for the price a page shows and the price Checkout
 * charges: Stripe takes a percentage off rounded to the nearest cent, and an amount off never
 * below zero, so computing it the same way here keeps the two equal.
 */
export interface DiscountTerms {
  percentOff: number | null;
  amountOff: number | null;
}

export function discountOf(terms: DiscountTerms, amount: number): number {
  const off = terms.percentOff != null ? Math.round((amount * terms.percentOff) / 100) : (terms.amountOff ?? 0);
  return Math.max(0, Math.min(amount, off));
}

export interface DiscountedPrice {
  listAmount: number;
  discountAmount: number;
  amount: number;
}

export function discounted(terms: DiscountTerms | null, listAmount: number): DiscountedPrice {
  const discountAmount = terms ? discountOf(terms, listAmount) : 0;
  return { listAmount, discountAmount, amount: listAmount - discountAmount };
}

/** "20% off" / "$5.00 off", for pages and emails. */
export function describeDiscount(terms: DiscountTerms, money: (amount: number) => string): string {
  return terms.percentOff != null ? `${terms.percentOff}% off` : `${money(terms.amountOff ?? 0)} off`;
}
