import type { FeePolicy } from "../../drizzle";
import { formatMoney } from "../ui/format";

/** How each fee policy is explained to applicants, in one place for pages and emails. */
export function feePolicyPromise(policy: FeePolicy, amount: number, currency: string): string {
  const fee = formatMoney(amount, currency);
  switch (policy) {
    case "non_refundable":
      return `The ${fee} fee pays for a careful review of your application. It is not refunded, whatever the decision.`;
    case "refund_on_rejection":
      return `If your application is not approved, the ${fee} fee is refunded in full.`;
    case "authorize_capture":
      return `Your card is only authorized now. You are charged ${fee} only if you are approved; otherwise the hold is released.`;
  }
}

export const FEE_POLICY_LABEL: Record<FeePolicy, string> = {
  non_refundable: "Non-refundable",
  refund_on_rejection: "Refunded if not approved",
  authorize_capture: "Charged only if approved",
};
