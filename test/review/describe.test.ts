import { describe, expect, it } from "vitest";
import type { Application } from "../../drizzle";
import { describePayment, holdWarning, moneyConsequence } from "../../src/review/describe";

const base: Application = {
  id: "app_x",
  communityId: "com_x",
  email: "a@example.com",
  name: "A",
  status: "under_review",
  answers: {},
  rulesAcceptedAt: new Date("2026-11-20T12:00:00Z"),
  feeAmount: 2500,
  currency: "usd",
  feePolicy: "authorize_capture",
  paymentStatus: "held",
  statusToken: "t".repeat(32),
  checkoutSessionId: null,
  checkoutAttempts: 1,
  paymentIntentId: "pi_1",
  paidAt: new Date("2026-11-21T12:00:00Z"),
  holdExpiresAt: new Date("2026-11-28T12:00:00Z"),
  holdWarnedAt: null,
  flagged: false,
  flagReasons: [],
  decisionReason: null,
  decidedBy: null,
  decidedAt: null,
  decisionId: null,
  experimentVariantId: null,
  visitorId: null,
  createdAt: new Date("2026-11-20T12:00:00Z"),
  updatedAt: new Date("2026-11-20T12:00:00Z"),
};

describe("money in reviewers' words", () => {
  it("describes a card hold with its expiry", () => {
    expect(describePayment(base)).toBe("Card hold of $25.00, expires 2026-11-28 12:00 UTC");
  });

  it("warns only when the hold lapses within the window", () => {
    expect(holdWarning(base, new Date("2026-11-25T12:00:00Z"), 48)).toBeNull();
    expect(holdWarning(base, new Date("2026-11-27T12:00:00Z"), 48)).toContain("expires in about 24 hours");
    expect(holdWarning(base, new Date("2026-11-29T12:00:00Z"), 48)).toContain("lapsed");
    expect(holdWarning({ ...base, paymentStatus: "paid" }, new Date("2026-11-27T12:00:00Z"), 48)).toBeNull();
  });

  it("explains each decision's consequence per fee policy", () => {
    expect(moneyConsequence(base, "approve")).toBe("Approving captures the $25.00 hold.");
    expect(moneyConsequence(base, "reject")).toBe("Rejecting releases the $25.00 hold; nothing is charged.");
    expect(moneyConsequence(base, "waitlist")).toContain("hold stays until 2026-11-28 12:00 UTC");
    const paid = { ...base, paymentStatus: "paid" as const, feePolicy: "refund_on_rejection" as const };
    expect(moneyConsequence(paid, "reject")).toBe("Rejecting refunds $25.00.");
    expect(moneyConsequence(paid, "approve")).toContain("already paid");
    expect(moneyConsequence({ ...paid, feePolicy: "non_refundable" }, "reject")).toBe("The $25.00 fee is non-refundable and is kept.");
    expect(moneyConsequence({ ...base, paymentStatus: "none", feeAmount: 0 }, "approve")).toBe("No fee: no money moves.");
  });
});
