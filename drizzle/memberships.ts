import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { applications } from "./applications";
import { communities } from "./communities";

export const TIER_VISIBILITIES = ["public", "invite_only"] as const;
export type TierVisibility = (typeof TIER_VISIBILITIES)[number];
export const BILLING_INTERVALS = ["month", "year"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/** A level of the community's pyramid. Higher rank sees everything lower ranks see. */
export const tiers = lazyTable(
  "tiers",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    perks: text("perks", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    rank: integer("rank").notNull(),
    visibility: text("visibility", { enum: TIER_VISIBILITIES }).notNull().default("public"),
    /** Seats; null means no cap. */
    capacity: integer("capacity"),
    trialDays: integer("trial_days").notNull().default(0),
    currency: text("currency").notNull(),
    stripeProductId: text("stripe_product_id"),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("tiers_community_rank_idx").on(t.communityId, t.rank)],
);

/**
 * Every price a tier has ever had, per interval. New joiners get the active one; existing members
 * keep the price they joined at (grandfathering) until the owner migrates them.
 */
export const tierPrices = lazyTable(
  "tier_prices",
  () => ({
    id: text("id").primaryKey(),
    tierId: text("tier_id")
      .notNull()
      .references(() => tiers.id, { onDelete: "cascade" }),
    interval: text("interval", { enum: BILLING_INTERVALS }).notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    stripePriceId: text("stripe_price_id").notNull().unique(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("tier_prices_tier_idx").on(t.tierId, t.interval, t.active)],
);

/**
 * incomplete: a seat is held while the person is in Checkout (until seat_hold_until).
 * trialing / active / past_due / unpaid / canceled: as the Stripe subscription says.
 * removed: the owner removed (or banned) the member; never revived by a late event.
 * expired: a seat hold that lapsed without payment.
 */
export const MEMBERSHIP_STATUSES = ["incomplete", "trialing", "active", "past_due", "unpaid", "canceled", "removed", "expired"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
/** Statuses of a membership that still exists; one per person per community. */
export const LIVE_MEMBERSHIP_STATUSES = ["incomplete", "trialing", "active", "past_due", "unpaid"] as const;

export const memberships = lazyTable(
  "memberships",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    tierId: text("tier_id")
      .notNull()
      .references(() => tiers.id),
    /** The tier price the member pays (null when comped). */
    priceId: text("price_id").references(() => tierPrices.id),
    status: text("status", { enum: MEMBERSHIP_STATUSES }).notNull(),
    comped: integer("comped", { mode: "boolean" }).notNull().default(false),
    applicationId: text("application_id").references(() => applications.id),
    stripeCustomerId: text("stripe_customer_id"),
    stripeSubscriptionId: text("stripe_subscription_id").unique(),
    checkoutSessionId: text("checkout_session_id"),
    seatHoldUntil: integer("seat_hold_until", { mode: "timestamp_ms" }),
    currentPeriodEnd: integer("current_period_end", { mode: "timestamp_ms" }),
    cancelAtPeriodEnd: integer("cancel_at_period_end", { mode: "boolean" }).notNull().default(false),
    pastDueSince: integer("past_due_since", { mode: "timestamp_ms" }),
    /** A price migration the owner scheduled: the new price and when it takes effect. */
    pendingPriceId: text("pending_price_id").references(() => tierPrices.id),
    pendingPriceAt: integer("pending_price_at", { mode: "timestamp_ms" }),
    joinedAt: integer("joined_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
    endedReason: text("ended_reason"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    /** When the price came from a price experiment: the variant shown, and its amount. */
    experimentVariantId: text("experiment_variant_id"),
    visitorId: text("visitor_id"),
    /** The invite whose use this membership holds; given back if its Checkout never completes. */
    inviteId: text("invite_id"),
  }),
  (t) => [
    uniqueIndex("memberships_one_live_per_email")
      .on(t.communityId, t.email)
      .where(sql`status in ('incomplete', 'trialing', 'active', 'past_due', 'unpaid')`),
    index("memberships_tier_status_idx").on(t.tierId, t.status),
    // The members list and CSV export page by (created, id), newest first, with or without a status filter.
    index("memberships_community_status_idx").on(t.communityId, t.status, t.createdAt, t.id),
    index("memberships_community_created_idx").on(t.communityId, t.createdAt, t.id),
    // Drop notifications page through members by email; the status rides along so the read stays in the index.
    index("memberships_community_email_idx").on(t.communityId, t.email, t.status),
    // The cron's scan for lapsed seat holds.
    index("memberships_seat_hold_idx").on(t.status, t.seatHoldUntil),
    index("memberships_email_idx").on(t.email),
    index("memberships_pending_price_idx").on(t.pendingPriceAt),
  ],
);

export const MEMBER_EXPORT_STATUSES = ["running", "ready"] as const;
export type MemberExportStatus = (typeof MEMBER_EXPORT_STATUSES)[number];

/**
 * A members CSV an owner asked for, built in the background a chunk at a time (src/members/exports.ts):
 * each chunk is one R2 object, `chunks` counts those written and `cursor` is where the next one
 * starts. A chunk is recorded only if `chunks` still has the number it was written for, so a
 * redelivered message never adds its rows twice. Deleted, with its objects, at `expires_at`.
 */
export const memberExports = lazyTable(
  "member_exports",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by").notNull(),
    /** The list's filters at the time of asking (null: every tier, every status). */
    tierId: text("tier_id"),
    memberStatus: text("member_status", { enum: MEMBERSHIP_STATUSES }),
    status: text("status", { enum: MEMBER_EXPORT_STATUSES }).notNull(),
    chunks: integer("chunks").notNull().default(0),
    rows: integer("rows").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    /** The keyset cursor the next chunk starts after (null: the newest membership). */
    cursor: text("cursor"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    // The owner's list of recent exports, newest first.
    index("member_exports_community_created_idx").on(t.communityId, t.createdAt),
    // The cron: exports past their week, and running ones whose next message seems lost.
    index("member_exports_expires_idx").on(t.expiresAt),
    index("member_exports_status_updated_idx").on(t.status, t.updatedAt),
  ],
);
export type MemberExport = typeof memberExports.$inferSelect;

export const WAITLIST_STATUSES = ["waiting", "offered", "joined", "expired", "left"] as const;

/** People waiting for a seat in a full tier, first come first served. */
export const tierWaitlist = lazyTable(
  "tier_waitlist",
  () => ({
    id: text("id").primaryKey(),
    tierId: text("tier_id")
      .notNull()
      .references(() => tiers.id, { onDelete: "cascade" }),
    communityId: text("community_id").notNull(),
    email: text("email").notNull(),
    status: text("status", { enum: WAITLIST_STATUSES }).notNull(),
    offerExpiresAt: integer("offer_expires_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    uniqueIndex("tier_waitlist_one_open").on(t.tierId, t.email).where(sql`status in ('waiting', 'offered')`),
    index("tier_waitlist_queue_idx").on(t.tierId, t.status, t.createdAt),
    // The cron's scan for lapsed offers.
    index("tier_waitlist_offer_expiry_idx").on(t.status, t.offerExpiresAt),
  ],
);

/** Links that let someone join an invite-only tier. */
export const tierInvites = lazyTable(
  "tier_invites",
  () => ({
    id: text("id").primaryKey(),
    tierId: text("tier_id")
      .notNull()
      .references(() => tiers.id, { onDelete: "cascade" }),
    token: text("token").notNull().unique(),
    /** When set, only this person may use the invite. */
    email: text("email"),
    maxUses: integer("max_uses").notNull().default(1),
    uses: integer("uses").notNull().default(0),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("tier_invites_tier_idx").on(t.tierId)],
);

/** A banned email can neither apply nor join again. */
export const bans = lazyTable(
  "bans",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.email] })],
);

/** Who did what to whom, and why: member management, price changes, experiments. */
export const auditLog = lazyTable(
  "audit_log",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    reason: text("reason").notNull().default(""),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("audit_log_community_idx").on(t.communityId, t.createdAt, t.id)],
);

/** One Stripe customer per email for the whole deployment. */
export const stripeCustomers = lazyTable("stripe_customers", () => ({
  email: text("email").primaryKey(),
  stripeCustomerId: text("stripe_customer_id").notNull().unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}));

export type Tier = typeof tiers.$inferSelect;
export type TierPrice = typeof tierPrices.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type WaitlistEntry = typeof tierWaitlist.$inferSelect;
export type TierInvite = typeof tierInvites.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
