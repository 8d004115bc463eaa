import type { Application, ApplicationEvent, ApplicationStatus, PaymentStatus } from "../../drizzle";
import { formatDateTime, formatMoney } from "../ui/format";
import { moneyMoveFor, type Decision } from "./decisions";

/** Applications and their money in reviewers' words: what happened, and what a decision will do. */

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  awaiting_payment: "Awaiting payment",
  under_review: "Under review",
  waitlisted: "Waitlisted",
  expired: "Hold expired",
  approved: "Approved",
  rejected: "Rejected",
};

export const PAYMENT_LABELS: Record<PaymentStatus, string> = {
  none: "No fee",
  unpaid: "Unpaid",
  checkout_expired: "Checkout expired",
  held: "Card held",
  paid: "Paid",
  captured: "Captured",
  refunded: "Refunded",
  released: "Released",
  hold_expired: "Hold expired",
};

export const DECISION_LABELS: Record<Decision, { button: string; done: string }> = {
  approve: { button: "Approve", done: "approved" },
  reject: { button: "Reject", done: "rejected" },
  waitlist: { button: "Waitlist", done: "waitlisted" },
};

const feeOf = (app: Application) => formatMoney(app.feeAmount, app.currency);

export function describePayment(app: Application): string {
  const fee = feeOf(app);
  switch (app.paymentStatus) {
    case "none":
      return app.feeAmount === 0 ? "No fee" : "Nothing charged";
    case "unpaid":
      return `${fee} not paid yet: the applicant has not completed Checkout`;
    case "checkout_expired":
      return `${fee} not paid: the Checkout session expired`;
    case "held":
      return `Card hold of ${fee}, expires ${formatDateTime(app.holdExpiresAt)}`;
    case "paid":
      return `Paid ${fee}${app.paidAt ? ` on ${formatDateTime(app.paidAt)}` : ""}`;
    case "captured":
      return `Hold captured: ${fee} charged`;
    case "refunded":
      return `${fee} refunded`;
    case "released":
      return `Hold of ${fee} released; nothing charged`;
    case "hold_expired":
      return `The card hold of ${fee} expired; the applicant must authorize again`;
  }
}

/** A warning when a card hold lapses within `hours`: after that, approving can no longer charge it. */
export function holdWarning(app: Application, now: Date, hours: number): string | null {
  if (app.paymentStatus !== "held" || !app.holdExpiresAt) return null;
  const left = app.holdExpiresAt.getTime() - now.getTime();
  if (left > hours * 3_600_000) return null;
  const when = formatDateTime(app.holdExpiresAt);
  if (left <= 0) return `The card hold lapsed at ${when}. Stripe releases it; the applicant will have to authorize again.`;
  const inHours = Math.max(1, Math.round(left / 3_600_000));
  return `The card hold expires in about ${inHours} hour${inHours === 1 ? "" : "s"} (${when}). Approve before then to capture the ${feeOf(app)}; after that the applicant has to authorize again.`;
}

/** What a decision does with the money under the application's fee policy, in one sentence. */
export function moneyConsequence(app: Application, decision: Decision): string {
  const fee = feeOf(app);
  switch (moneyMoveFor(app, decision)) {
    case "capture":
      return `Approving captures the ${fee} hold.`;
    case "release":
      return `Rejecting releases the ${fee} hold; nothing is charged.`;
    case "refund":
      return `Rejecting refunds ${fee}.`;
  }
  if (app.paymentStatus === "none") return "No fee: no money moves.";
  if (decision === "approve") return app.paymentStatus === "paid" ? `The ${fee} fee is already paid; nothing more is charged.` : "No money moves.";
  if (decision === "waitlist") {
    if (app.paymentStatus === "held") return `The ${fee} hold stays until ${formatDateTime(app.holdExpiresAt)}; approve before then to capture it.`;
    if (app.paymentStatus === "paid") return `The ${fee} fee stays paid${app.feePolicy === "refund_on_rejection" ? "; it is refunded if you reject later" : ""}.`;
    return "No money moves.";
  }
  if (app.paymentStatus === "paid") return `The ${fee} fee is non-refundable and is kept.`;
  if (app.paymentStatus === "unpaid" || app.paymentStatus === "checkout_expired") return "Nothing was paid; any open checkout is closed so the applicant cannot pay.";
  return "Nothing is charged.";
}

const EVENT_LABELS: Record<string, string> = {
  submitted: "Submitted",
  approved: "Approved",
  rejected: "Rejected",
  waitlisted: "Waitlisted",
  payment_held: "Card hold placed",
  payment_paid: "Fee paid",
  payment_captured: "Hold captured",
  payment_refunded: "Fee refunded",
  payment_released: "Hold released",
  payment_hold_expired: "Card hold expired",
  money_capture: "Hold captured",
  money_refund: "Fee refunded",
  money_release: "Hold released",
};

export function eventLabel(kind: string): string {
  const label = EVENT_LABELS[kind] ?? kind.replace(/_/g, " ");
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** The human part of an event's detail: a reason, an amount, the rules that fired. */
export function eventDetail(event: ApplicationEvent, app: Application): string | null {
  const d = event.detail;
  const parts: string[] = [];
  if (typeof d.reason === "string") parts.push(`Reason: ${d.reason}`);
  if (typeof d.amount === "number") parts.push(formatMoney(d.amount, app.currency));
  for (const key of ["flagged", "rules"] as const) {
    const list = d[key];
    if (Array.isArray(list) && list.length) parts.push(`${key === "flagged" ? "Flagged" : "Knockout"}: ${list.join("; ")}`);
  }
  return parts.length ? parts.join(" · ") : null;
}
