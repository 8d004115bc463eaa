import { sql } from "drizzle-orm";
import { check, index, integer, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { applications } from "./applications";
import { communities } from "./communities";
import { memberships, tiers } from "./memberships";

/** What happens to the card holds of a group that did not fill by its deadline. */
export const GROUP_UNFILLED_RULES = ["capture_full", "release"] as const;
export type GroupUnfilledRule = (typeof GROUP_UNFILLED_RULES)[number];

/**
 * A community's group offer (拼团): N people who apply together each pay `groupFee` instead of
 * the full application fee, if the group fills within `hours`. One row per community.
 */
export const groupOffers = lazyTable("group_offers", () => ({
  communityId: text("community_id")
    .primaryKey()
    .references(() => communities.id, { onDelete: "cascade" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
  size: integer("size").notNull(),
  groupFee: integer("group_fee").notNull(),
  hours: integer("hours").notNull(),
  onUnfilled: text("on_unfilled", { enum: GROUP_UNFILLED_RULES }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}));

/**
 * open: filling until `deadline`. filled: every seat authorised in time (sticky: a member
 * rejected later does not undo it). unfilled: the deadline passed first.
 */
export const GROUP_STATUSES = ["open", "filled", "unfilled"] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/**
 * One group, with the offer's terms copied in when it started: what the page said before anyone
 * paid is what applies, even if the owner changes the offer later.
 */
export const applicationGroups = lazyTable(
  "application_groups",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    size: integer("size").notNull(),
    fullFee: integer("full_fee").notNull(),
    groupFee: integer("group_fee").notNull(),
    currency: text("currency").notNull(),
    onUnfilled: text("on_unfilled", { enum: GROUP_UNFILLED_RULES }).notNull(),
    status: text("status", { enum: GROUP_STATUSES }).notNull(),
    deadline: integer("deadline", { mode: "timestamp_ms" }).notNull(),
    startedBy: text("started_by").notNull(),
    filledAt: integer("filled_at", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    // The cron's scan for open groups past their deadline.
    index("application_groups_due_idx").on(t.status, t.deadline),
    index("application_groups_community_idx").on(t.communityId, t.createdAt),
    check("application_groups_size", sql`${t.size} between 2 and 5`),
    check("application_groups_fee", sql`${t.groupFee} >= 0 and ${t.groupFee} < ${t.fullFee}`),
  ],
);

/**
 * A seat is taken when its member applies (seat numbers 1..size: the unique index and the
 * insert's own count decide a race for the last one) and counts toward filling the group once the
 * member's card is authorised.
 */
export const groupSeats = lazyTable(
  "group_seats",
  () => ({
    groupId: text("group_id")
      .notNull()
      .references(() => applicationGroups.id, { onDelete: "cascade" }),
    applicationId: text("application_id")
      .notNull()
      .unique()
      .references(() => applications.id, { onDelete: "cascade" }),
    seat: integer("seat").notNull(),
    authorisedAt: integer("authorised_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [uniqueIndex("group_seats_seat").on(t.groupId, t.seat)],
);

/**
 * pending: in Checkout. paid: bought, waiting for the recipient to be approved. redeemed: the
 * recipient's membership runs until `ends_at`. ended: it ran out. refunded: the money went back
 * (asked for before redemption, or the recipient was turned down). expired: Checkout lapsed unpaid.
 */
export const GIFT_STATUSES = ["pending", "paid", "redeemed", "ended", "refunded", "expired"] as const;
export type GiftStatus = (typeof GIFT_STATUSES)[number];

export const gifts = lazyTable(
  "gifts",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    tierId: text("tier_id")
      .notNull()
      .references(() => tiers.id),
    months: integer("months").notNull(),
    /** The monthly price times the months, as shown before paying. */
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    buyerEmail: text("buyer_email").notNull(),
    recipientEmail: text("recipient_email").notNull(),
    recipientName: text("recipient_name").notNull(),
    message: text("message"),
    status: text("status", { enum: GIFT_STATUSES }).notNull(),
    /** Secret for the buyer's gift page (status, refund). */
    token: text("token").notNull().unique(),
    checkoutSessionId: text("checkout_session_id"),
    paymentIntentId: text("payment_intent_id"),
    membershipId: text("membership_id").references(() => memberships.id),
    paidAt: integer("paid_at", { mode: "timestamp_ms" }),
    redeemedAt: integer("redeemed_at", { mode: "timestamp_ms" }),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
    refundedAt: integer("refunded_at", { mode: "timestamp_ms" }),
    refundId: text("refund_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    // A recipient's waiting gift, found when they are approved or rejected.
    index("gifts_recipient_idx").on(t.communityId, t.recipientEmail, t.status),
    // The cron's scan for gift memberships that have run out.
    index("gifts_ending_idx").on(t.status, t.endsAt),
    index("gifts_checkout_idx").on(t.checkoutSessionId),
    index("gifts_community_idx").on(t.communityId, t.createdAt),
    check("gifts_months", sql`${t.months} between 1 and 12`),
  ],
);

export type GroupOffer = typeof groupOffers.$inferSelect;
export type ApplicationGroup = typeof applicationGroups.$inferSelect;
export type GroupSeat = typeof groupSeats.$inferSelect;
export type Gift = typeof gifts.$inferSelect;
