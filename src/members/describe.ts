import type { AuditEntry, MembershipStatus } from "../../drizzle";
import { formatMoney } from "../ui/format";

export const STATUS_LABELS: Record<MembershipStatus, string> = {
  incomplete: "In checkout",
  trialing: "Trial",
  active: "Active",
  past_due: "Past due",
  unpaid: "Unpaid",
  canceled: "Canceled",
  removed: "Removed",
  expired: "Expired",
};

const ACTION_LABELS: Record<string, string> = {
  "member.promoted": "Promoted to moderator",
  "member.demoted": "Moderator role removed",
  "member.comped": "Comped",
  "member.moved": "Moved to a paid tier",
  "member.removed": "Removed",
  "member.banned": "Banned",
  "member.unbanned": "Unbanned",
  "member.billing": "Stripe: subscription ended / refund",
  "member.billing_failed": "Stripe failed",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** The audit detail in a line a person can read. */
export function describeDetail(e: AuditEntry): string {
  const d = e.detail as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.tierName === "string") parts.push(`tier ${d.tierName}`);
  if (typeof d.amount === "number" && typeof d.currency === "string") parts.push(`${formatMoney(d.amount, d.currency)} / ${String(d.interval ?? "period")}`);
  if (d.refundRequested) parts.push("refund requested");
  if (d.banned) parts.push("because banned");
  if (d.subscriptionCanceled) parts.push("subscription canceled");
  if (typeof d.refundId === "string") parts.push(`refunded ${typeof d.refundAmount === "number" && typeof d.currency === "string" ? formatMoney(d.refundAmount, d.currency) + " " : ""}(${d.refundId})`);
  if (typeof d.error === "string") parts.push(`error: ${d.error}`);
  return parts.join("; ");
}
