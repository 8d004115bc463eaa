import { FEE_POLICIES, type FeePolicy } from "../../drizzle";

/** How each fee policy is named and explained to owners, in one place for every page that shows it. */
export const FEE_POLICY_TEXT: Record<FeePolicy, { label: string; explanation: string }> = {
  non_refundable: {
    label: "Non-refundable",
    explanation: "The fee is charged at once and kept whatever the decision.",
  },
  refund_on_rejection: {
    label: "Refund on rejection",
    explanation: "The fee is charged at once and refunded in full if you reject the application.",
  },
  authorize_capture: {
    label: "Authorize now, capture on approval",
    explanation: "The card is held, charged only if you approve; released if you reject or the hold expires (7 days).",
  },
};

export const FEE_POLICY_OPTIONS = FEE_POLICIES.map((value) => ({ value, ...FEE_POLICY_TEXT[value] }));
