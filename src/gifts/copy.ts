import { MAX_GIFT_MONTHS } from "./schemas";

/** The refund rule, stated wherever a gift is bought or shown. */
export const GIFT_REFUND_RULE = "Refundable in full until the gift starts; refunded automatically if the recipient is not approved.";
export const MAX_GIFT_MONTHS_TEXT = String(MAX_GIFT_MONTHS);
