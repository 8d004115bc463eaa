import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { applications } from "./applications";
import { communities } from "./communities";
import { memberships, tiers } from "./memberships";

/** What the referred person's discount applies to: the application fee, or their first month. */
export const REFEREE_TARGETS = ["fee", "first_month"] as const;
export type RefereeTarget = (typeof REFEREE_TARGETS)[number];
/**
 * credit: a month of the referrer's own price as Stripe customer-balance credit.
 * coupon: a percent-off coupon on the referrer's next invoice.
 * points: points toward their level (the honours ledger, through `referralPointStatements`).
 */
export const REWARD_KINDS = ["credit", "coupon", "points"] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

/** A community's referral offer (one per community); `active` false means links attribute but nothing is offered. */
export const referralPrograms = lazyTable("referral_programs", () => ({
  communityId: text("community_id")
    .primaryKey()
    .references(() => communities.id, { onDelete: "cascade" }),
  active: integer("active", { mode: "boolean" }).notNull().default(false),
  refereeTarget: text("referee_target", { enum: REFEREE_TARGETS }).notNull().default("fee"),
  /** Exactly one of the two is set while a discount is offered (none: no discount). */
  refereePercentOff: integer("referee_percent_off"),
  refereeAmountOff: integer("referee_amount_off"),
  rewardKind: text("reward_kind", { enum: REWARD_KINDS }).notNull().default("credit"),
  /** coupon: percent off the referrer's next invoice; points: how many; credit: unused (a month of their price). */
  rewardValue: integer("reward_value").notNull().default(0),
  /** A refund of the referred person's first invoice within this many days takes the reward back. */
  refundWindowDays: integer("refund_window_days").notNull().default(30),
  /** Stripe coupons made for this offer (the referee's discount, the referrer's coupon reward). */
  refereeCouponId: text("referee_coupon_id"),
  rewardCouponId: text("reward_coupon_id"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  updatedBy: text("updated_by").notNull(),
}));

/** A member's personal invitation link; revoking it stops new attributions (past ones stay). */
export const referralLinks = lazyTable(
  "referral_links",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    token: text("token").notNull().unique(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  }),
  (t) => [uniqueIndex("referral_links_one_live").on(t.communityId, t.email).where(sql`revoked_at is null`), index("referral_links_email_idx").on(t.communityId, t.email)],
);

/**
 * applied: the application came through a link. rewarding / reversing: a reward move is claimed
 * and being performed at Stripe (retried with the same idempotency key). rewarded / reversed: done.
 * void: the first payment was refunded before any reward, or the referrer can no longer be rewarded.
 */
export const REFERRAL_STATUSES = ["applied", "rewarding", "rewarded", "reversing", "reversed", "void"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const referrals = lazyTable(
  "referrals",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    linkId: text("link_id")
      .notNull()
      .references(() => referralLinks.id),
    referrerEmail: text("referrer_email").notNull(),
    referredEmail: text("referred_email").notNull(),
    applicationId: text("application_id")
      .notNull()
      .unique()
      .references(() => applications.id, { onDelete: "cascade" }),
    membershipId: text("membership_id").references(() => memberships.id),
    status: text("status", { enum: REFERRAL_STATUSES }).notNull().default("applied"),
    /** What the referred person was given off (the offer's cost), in the community's currency. */
    discountAmount: integer("discount_amount").notNull().default(0),
    /** The first paid membership invoice, its PaymentIntent (a refund is looked up by it) and amount. */
    firstInvoiceId: text("first_invoice_id"),
    firstPaymentIntentId: text("first_payment_intent_id"),
    firstPaymentAmount: integer("first_payment_amount"),
    rewardKind: text("reward_kind", { enum: REWARD_KINDS }),
    /** Credit in cents, coupon percent, or points. */
    rewardAmount: integer("reward_amount"),
    rewardStripeId: text("reward_stripe_id"),
    reversalStripeId: text("reversal_stripe_id"),
    /** Until when a refund of the first invoice takes the reward back. */
    windowEndsAt: integer("window_ends_at", { mode: "timestamp_ms" }),
    note: text("note"),
    rewardedAt: integer("rewarded_at", { mode: "timestamp_ms" }),
    reversedAt: integer("reversed_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    index("referrals_referrer_idx").on(t.communityId, t.referrerEmail, t.createdAt),
    index("referrals_referred_idx").on(t.communityId, t.referredEmail),
    index("referrals_payment_idx").on(t.firstPaymentIntentId),
    index("referrals_status_idx").on(t.status, t.updatedAt),
  ],
);

/**
 * Per referrer, kept in step by the writes that change a referral (never recounted per request):
 * the leaderboard and the owner's cost-and-earnings read these rows.
 */
export const referrerTotals = lazyTable(
  "referrer_totals",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    brought: integer("brought").notNull().default(0),
    joined: integer("joined").notNull().default(0),
    /** Discounts given to the people they brought, and credit given to them (net of reversals). */
    discountTotal: integer("discount_total").notNull().default(0),
    creditTotal: integer("credit_total").notNull().default(0),
    /** First membership payments of the people they brought (net of refunds). */
    revenue: integer("revenue").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.email] }), index("referrer_totals_rank_idx").on(t.communityId, t.joined, t.brought)],
);

export const PROMOTION_TARGETS = ["fee", "tier"] as const;
export type PromotionTarget = (typeof PROMOTION_TARGETS)[number];

/** An owner's promotion code, mirrored at Stripe as a coupon (duration once) and a promotion code. */
export const promotionCodes = lazyTable(
  "promotion_codes",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    /** As typed by people (upper case); unique within the community. */
    code: text("code").notNull(),
    target: text("target", { enum: PROMOTION_TARGETS }).notNull(),
    /** For `tier`: which tier (its first invoice); null for the fee. */
    tierId: text("tier_id").references(() => tiers.id),
    percentOff: integer("percent_off"),
    amountOff: integer("amount_off"),
    currency: text("currency").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
    maxRedemptions: integer("max_redemptions"),
    firstTimeOnly: integer("first_time_only", { mode: "boolean" }).notNull().default(false),
    /** Claimed redemptions: raised only by the claim that stays under `max_redemptions`. */
    redeemed: integer("redeemed").notNull().default(0),
    discountTotal: integer("discount_total").notNull().default(0),
    /** What was charged with the code (net of refunds). */
    revenue: integer("revenue").notNull().default(0),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    stripeCouponId: text("stripe_coupon_id").notNull(),
    stripePromotionCodeId: text("stripe_promotion_code_id").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [uniqueIndex("promotion_codes_code_idx").on(t.communityId, t.code), index("promotion_codes_created_idx").on(t.communityId, t.createdAt)],
);

export const promotionRedemptions = lazyTable(
  "promotion_redemptions",
  () => ({
    id: text("id").primaryKey(),
    codeId: text("code_id")
      .notNull()
      .references(() => promotionCodes.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    applicationId: text("application_id").unique(),
    membershipId: text("membership_id").unique(),
    listAmount: integer("list_amount").notNull(),
    discountAmount: integer("discount_amount").notNull(),
    /** Set once the discounted payment arrived (revenue counted), cleared by a refund. */
    paidAmount: integer("paid_amount"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  // One use per person per code, so a double click or a second tab never claims two.
  (t) => [uniqueIndex("promotion_redemptions_once").on(t.codeId, t.email)],
);

/**
 * The one discount a Checkout Session carries for an application fee or a membership's first
 * invoice (Checkout takes one): the list price, what comes off, and the Stripe object that takes it off.
 */
export const checkoutDiscounts = lazyTable("checkout_discounts", () => ({
  /** The application's or the membership's id. */
  subjectId: text("subject_id").primaryKey(),
  source: text("source", { enum: ["referral", "promotion"] }).notNull(),
  sourceId: text("source_id").notNull(),
  listAmount: integer("list_amount").notNull(),
  discountAmount: integer("discount_amount").notNull(),
  stripeCouponId: text("stripe_coupon_id"),
  stripePromotionCodeId: text("stripe_promotion_code_id"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}));

export type ReferralProgram = typeof referralPrograms.$inferSelect;
export type ReferralLink = typeof referralLinks.$inferSelect;
export type Referral = typeof referrals.$inferSelect;
export type ReferrerTotals = typeof referrerTotals.$inferSelect;
export type PromotionCode = typeof promotionCodes.$inferSelect;
export type PromotionRedemption = typeof promotionRedemptions.$inferSelect;
export type CheckoutDiscount = typeof checkoutDiscounts.$inferSelect;
