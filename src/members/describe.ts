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
  "member.comped": "Comped (free of charge)",
  "member.moved": "Moved to another tier",
  "member.removed": "Removed",
  "member.banned": "Banned",
  "member.unbanned": "Unbanned",
  "member.billing": "Stripe: subscription ended / refund",
  "member.billing_failed": "Stripe failed",
  "tier.created": "Tier created",
  "tier.updated": "Tier changed",
  "tier.price_changed": "Tier price changed",
  "tier.archived": "Tier archived",
  "tier.invite_created": "Invite created",
  "tier.price_migration_scheduled": "Price change scheduled for members",
  "membership.price_migrated": "Member moved to the new price",
  "membership.price_migration_cancelled": "Scheduled price change cancelled",
  "experiment.created": "Price test created",
  "experiment.started": "Price test started",
  "experiment.resumed": "Price test resumed",
  "experiment.paused": "Price test paused",
  "experiment.stopped": "Price test stopped",
  "experiment.promoted": "Price test winner promoted",
  "experiment.bandit_weights": "Price test traffic rebalanced",
  "experiment.refund_to_lowest": "Refunded down to the lowest tested price",
  "post.approved": "Held post approved",
  "post.kept": "Reported post kept",
  "post.removed": "Post removed",
  "member.muted": "Muted",
  "space.rules_changed": "Posting rules changed",
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** Names of the tiers and experiments an audit page mentions, by id. */
export type AuditNames = Map<string, string>;

/** The ids of tiers and experiments the entries mention, to look their names up in one go. */
export function idsToName(entries: AuditEntry[]): { tierIds: string[]; experimentIds: string[] } {
  const tierIds = new Set<string>();
  const experimentIds = new Set<string>();
  for (const e of entries) {
    const d = e.detail as Record<string, unknown>;
    if (e.action.startsWith("tier.")) tierIds.add(e.subject);
    if (e.action.startsWith("experiment.")) experimentIds.add(e.subject);
    for (const key of ["fromTierId", "toTierId"]) if (typeof d[key] === "string") tierIds.add(d[key] as string);
  }
  return { tierIds: [...tierIds], experimentIds: [...experimentIds] };
}

/** Who or what an entry is about, by name: members by email, tiers and price tests by name. */
export function describeSubject(e: AuditEntry, names: AuditNames): string {
  return names.get(e.subject) ?? e.subject;
}

const INTERVAL_WORD: Record<string, string> = { month: "monthly", year: "yearly" };
const money = (amount: unknown, currency: unknown) => (typeof amount === "number" && typeof currency === "string" ? formatMoney(amount, currency) : "none");
const plain = (v: unknown) => (v == null || v === "" ? "none" : Array.isArray(v) ? v.join(", ") || "none" : String(v));

/** The audit detail in a line a person can read: names and old → new values, never ids. */
export function describeDetail(e: AuditEntry, names: AuditNames = new Map(), currency = "usd"): string {
  const d = e.detail as Record<string, unknown>;
  const minor = (amount: unknown) => money(amount, typeof d.currency === "string" ? d.currency : currency);
  const tierName = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? "a tier") : "none");
  const parts: string[] = [];
  switch (e.action) {
    case "tier.created": {
      const prices = Array.isArray(d.prices) ? (d.prices as { interval: string; amount: number; currency: string }[]) : [];
      parts.push(`rank ${plain(d.rank)}`, ...prices.map((p) => `${formatMoney(p.amount, p.currency)} / ${p.interval}`));
      break;
    }
    case "tier.updated":
      for (const [field, change] of Object.entries((d.changes ?? {}) as Record<string, { from: unknown; to: unknown }>)) {
        parts.push(`${field}: ${plain(change.from)} → ${plain(change.to)}`);
      }
      break;
    case "tier.price_changed":
    case "tier.price_migration_scheduled":
      parts.push(`${INTERVAL_WORD[String(d.interval)] ?? "price"}: ${d.oldAmount !== undefined ? `${money(d.oldAmount, d.currency)} → ` : "→ "}${money(d.newAmount, d.currency)}`);
      if (Array.isArray(d.memberships)) parts.push(`${d.memberships.length} member${d.memberships.length === 1 ? "" : "s"}`);
      if (typeof d.effectiveAt === "string") parts.push(`from ${d.effectiveAt.slice(0, 10)}`);
      break;
    case "tier.invite_created":
      parts.push(`${d.email ? `for ${plain(d.email)}, ` : ""}up to ${plain(d.maxUses)} use${d.maxUses === 1 ? "" : "s"}`);
      if (typeof d.expiresAt === "string") parts.push(`until ${d.expiresAt.slice(0, 10)}`);
      break;
    case "membership.price_migrated":
      parts.push(`→ ${money(d.newAmount, d.currency)}`);
      break;
    case "experiment.created":
      parts.push(`${plain(d.name)}: prices ${Array.isArray(d.prices) ? d.prices.map(minor).join(", ") : "none"}`);
      break;
    case "experiment.promoted":
      parts.push(`variant ${plain(d.variant)} at ${minor(d.price)}`);
      break;
    case "experiment.bandit_weights":
      parts.push(`weights ${Object.entries((d.weights ?? {}) as Record<string, number>).map(([k, w]) => `${k} ${Math.round(w * 100)}%`).join(", ")}`);
      break;
    case "experiment.refund_to_lowest":
      parts.push(`refunded ${minor(d.refunded)} of ${minor(d.paid)} paid (lowest tested price ${minor(d.lowest)})`);
      break;
    case "space.rules_changed": {
      const before = (d.before ?? {}) as Record<string, unknown>;
      const after = (d.after ?? {}) as Record<string, unknown>;
      const RULES: Record<string, string> = { holdFirstPosts: "first posts held", holdLinksDays: "links held for days", postsPerHour: "posts per hour", editMinutes: "edit minutes" };
      for (const [key, label] of Object.entries(RULES)) if (before[key] !== after[key]) parts.push(`${label} ${plain(before[key])} → ${plain(after[key])}`);
      break;
    }
    case "member.muted":
      parts.push(typeof d.days === "number" ? `for ${d.days} day${d.days === 1 ? "" : "s"}` : "until unmuted");
      break;
    default:
      // Tiers by their current names, so one tier reads the same in every entry even after a rename.
      if (typeof d.fromTierId === "string" && d.fromTierId !== d.toTierId) parts.push(`${tierName(d.fromTierId)} → ${names.get(String(d.toTierId)) ?? plain(d.tierName)}`);
      else if (typeof d.tierName === "string") parts.push(`tier ${d.tierName}`);
      if (typeof d.amount === "number" && typeof d.currency === "string") parts.push(`${formatMoney(d.amount, d.currency)} / ${String(d.interval ?? "period")}`);
      if (d.comped) parts.push("free of charge");
      if (d.refundRequested) parts.push("refund requested");
      if (d.banned) parts.push("because banned");
      if (d.subscriptionCanceled) parts.push("subscription canceled");
      if (typeof d.refundId === "string") parts.push(`refunded ${money(d.refundAmount, d.currency)}`);
      if (typeof d.error === "string") parts.push(`error: ${d.error}`);
  }
  return parts.join("; ");
}
