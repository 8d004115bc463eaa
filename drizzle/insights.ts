import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { communities } from "./communities";

/**
 * Insights: what the cron rolls up so the Insights page reads a bounded number of rows whatever
 * the community's size. Everything here is rebuilt from what the app records (applications,
 * memberships and their ledger, member_activity_daily, posts, drops), so a rollup can be re-run.
 */

/**
 * Each state a membership has been in, as the webhooks (and owner actions) left it: the history
 * MRR movements are computed from. `mrr` is the monthly amount in minor units (a yearly price
 * divided by 12; trials, comps and unpaid subscriptions are 0). A row is written only when the
 * tier, status or amount changed (src/insights/ledger.ts).
 */
export const membershipLedger = lazyTable(
  "membership_ledger",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    membershipId: text("membership_id").notNull(),
    tierId: text("tier_id").notNull(),
    status: text("status").notNull(),
    mrr: integer("mrr").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    index("membership_ledger_community_at_idx").on(t.communityId, t.at),
    index("membership_ledger_membership_idx").on(t.membershipId, t.at),
    // The rollups walk members in keyset ranges of email (src/insights/rollup-members.ts).
    index("membership_ledger_community_email_idx").on(t.communityId, t.email, t.at),
  ],
);

/**
 * Each paid subscription invoice, once (keyed by Stripe's invoice id), as the invoice webhooks
 * recorded it: what members actually paid, the source of subscription revenue in Insights.
 * `amount` is in minor units; the tier is the membership's after the webhook synced it.
 */
export const subscriptionInvoices = lazyTable(
  "subscription_invoices",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    membershipId: text("membership_id").notNull(),
    email: text("email").notNull(),
    tierId: text("tier_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    paidAt: integer("paid_at", { mode: "timestamp_ms" }).notNull(),
    /** The PaymentIntent that paid it, which a `charge.refunded` event names (null if Stripe named none). */
    paymentIntentId: text("payment_intent_id"),
    /** How much of it has been refunded, as Stripe's charge says (absolute, so replays change nothing). */
    refunded: integer("refunded").notNull().default(0),
    /** When the latest refund of it was made; null while nothing is refunded. */
    refundedAt: integer("refunded_at", { mode: "timestamp_ms" }),
  }),
  // The daily rollup sums a chunk of days by the paid and refunded indexes, whatever the number of members.
  (t) => [
    index("subscription_invoices_community_paid_idx").on(t.communityId, t.paidAt),
    index("subscription_invoices_community_refunded_idx").on(t.communityId, t.refundedAt),
    index("subscription_invoices_intent_idx").on(t.paymentIntentId),
  ],
);

/**
 * How far each community's rollups reach, and when its next step was queued (a lease). While a
 * chunk of days is being rolled up member range by member range, `chunk_from`..`chunk_to` is
 * the chunk and `cursor` the last email of the ranges done ("" before the first).
 */
export const insightProgress = lazyTable(
  "insight_progress",
  () => ({
    communityId: text("community_id")
      .primaryKey()
      .references(() => communities.id, { onDelete: "cascade" }),
    /** Last UTC day ("YYYY-MM-DD") rolled up; null until the first chunk lands. */
    rolledThrough: text("rolled_through"),
    queuedAt: integer("queued_at", { mode: "timestamp_ms" }),
    chunkFrom: text("chunk_from"),
    chunkTo: text("chunk_to"),
    cursor: text("cursor"),
  }),
  (t) => [index("insight_progress_rolled_idx").on(t.rolledThrough)],
);

/**
 * One row per community, UTC day and tier ("" = all tiers). Money and membership columns are
 * kept per tier; the funnel, activity and post columns only on the all-tiers row. The funnel
 * columns count the applications created that day, however late they were decided.
 */
export const insightDays = lazyTable(
  "insight_days",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    tierId: text("tier_id").notNull().default(""),
    members: integer("members").notNull().default(0),
    paying: integer("paying").notNull().default(0),
    mrr: integer("mrr").notNull().default(0),
    newMrr: integer("new_mrr").notNull().default(0),
    expansionMrr: integer("expansion_mrr").notNull().default(0),
    contractionMrr: integer("contraction_mrr").notNull().default(0),
    churnedMrr: integer("churned_mrr").notNull().default(0),
    reactivatedMrr: integer("reactivated_mrr").notNull().default(0),
    joined: integer("joined").notNull().default(0),
    churnedVoluntary: integer("churned_voluntary").notNull().default(0),
    churnedInvoluntary: integer("churned_involuntary").notNull().default(0),
    recoveries: integer("recoveries").notNull().default(0),
    visitors: integer("visitors").notNull().default(0),
    applications: integer("applications").notNull().default(0),
    feesPaid: integer("fees_paid").notNull().default(0),
    approved: integer("approved").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    appsJoined: integer("apps_joined").notNull().default(0),
    retained30: integer("retained_30").notNull().default(0),
    retained90: integer("retained_90").notNull().default(0),
    /** Hours from application to decision, one entry per decided application (for medians). */
    decisionHours: text("decision_hours", { mode: "json" }).$type<number[]>().notNull().default(sql`'[]'`),
    feeRevenue: integer("fee_revenue").notNull().default(0),
    feeRefunds: integer("fee_refunds").notNull().default(0),
    /** Subscription invoices paid that day (subscription_invoices), in minor units. */
    subscriptionRevenue: integer("subscription_revenue").notNull().default(0),
    /** Subscription payments refunded that day (by subscription_invoices.refunded_at), in minor units. */
    subscriptionRefunds: integer("subscription_refunds").notNull().default(0),
    dau: integer("dau").notNull().default(0),
    wau: integer("wau").notNull().default(0),
    mau: integer("mau").notNull().default(0),
    threads: integer("threads").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    staffPosts: integer("staff_posts").notNull().default(0),
    /** Drops published that day (the cadence kept against the owner's plan). */
    drops: integer("drops").notNull().default(0),
    /** Posts and replies written in each UTC hour of the day (24 numbers). */
    hours: text("hours", { mode: "json" }).$type<number[]>().notNull().default(sql`'[]'`),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.tierId, t.day] })],
);

/**
 * Landing-page visitors per community and UTC day: each (non-bot) visitor once a day, counted by
 * the landing page in the batch it already sends (src/insights/visits.ts), whether or not a
 * price test runs.
 */
export const insightVisits = lazyTable(
  "insight_visits",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    visitors: integer("visitors").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.day] })],
);

/** The owner's content plan: `drop_target` drops per `drop_period` (week or month); no row or null target, no plan. */
export const insightSettings = lazyTable("insight_settings", () => ({
  communityId: text("community_id")
    .primaryKey()
    .references(() => communities.id, { onDelete: "cascade" }),
  dropTarget: integer("drop_target"),
  dropPeriod: text("drop_period", { enum: ["week", "month"] }).notNull().default("week"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}));

/** Each member's month of activity and the layer it puts them in (leader, participant, reader). */
export const insightMemberMonths = lazyTable(
  "insight_member_months",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    email: text("email").notNull(),
    threads: integer("threads").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    reactionsGiven: integer("reactions_given").notNull().default(0),
    reactionsReceived: integer("reactions_received").notNull().default(0),
    votes: integer("votes").notNull().default(0),
    views: integer("views").notNull().default(0),
    eventsAttended: integer("events_attended").notNull().default(0),
    activeDays: integer("active_days").notNull().default(0),
    layer: text("layer").notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.month, t.email] }), index("insight_member_months_layer_idx").on(t.communityId, t.month, t.layer, t.activeDays)],
);

/**
 * One member range's share of a chunk's per-member figures (money per day and tier, layer
 * counts and moves per month, cohort cells), kept until the chunk's last range lands and the
 * shares are summed into insight_days, insight_months and insight_cohorts. Keyed by the range's
 * start, so a redelivered step overwrites its own share instead of adding it twice.
 */
export const insightPartials = lazyTable(
  "insight_partials",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    /** "from..to", the chunk's days. */
    chunk: text("chunk").notNull(),
    /** The range's members are those with an email after this one ("" for the first range). */
    after: text("after").notNull(),
    shares: text("shares", { mode: "json" }).$type<unknown>().notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.chunk, t.after] })],
);

/** Per community and month: members in each layer and how many moved between layers since the month before. */
export const insightMonths = lazyTable(
  "insight_months",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    members: integer("members").notNull().default(0),
    leaders: integer("leaders").notNull().default(0),
    participants: integer("participants").notNull().default(0),
    readers: integer("readers").notNull().default(0),
    dormant: integer("dormant").notNull().default(0),
    /** "from>to" -> members, e.g. {"reader>participant": 4}. */
    moves: text("moves", { mode: "json" }).$type<Record<string, number>>().notNull().default(sql`'{}'`),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.month] })],
);

/** Join cohorts (month of first join) by months since joining: still members, and active that month. */
export const insightCohorts = lazyTable(
  "insight_cohorts",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    cohort: text("cohort").notNull(),
    age: integer("age").notNull(),
    size: integer("size").notNull(),
    members: integer("members").notNull(),
    active: integer("active").notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.cohort, t.age] })],
);

/** Threads and replies per space, and drops per topic, per day: the content mix. */
export const insightContentDays = lazyTable(
  "insight_content_days",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    /** "space" (key: space id) or "topic" (key: the drop topic). */
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    label: text("label").notNull(),
    count: integer("count").notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.day, t.kind, t.key] })],
);

/** The month's most read drops and most answered threads (a few per month). */
export const insightTopItems = lazyTable(
  "insight_top_items",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    kind: text("kind").notNull(),
    refId: text("ref_id").notNull(),
    title: text("title").notNull(),
    readers: integer("readers").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    reactions: integer("reactions").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.month, t.kind, t.refId] })],
);

/** The last day a member did anything, and when the owner last nudged them (at most once). */
export const insightMembers = lazyTable(
  "insight_members",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    lastActiveDay: text("last_active_day").notNull(),
    nudgedAt: integer("nudged_at", { mode: "timestamp_ms" }),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.email] }), index("insight_members_last_active_idx").on(t.communityId, t.lastActiveDay)],
);

export type LedgerRow = typeof membershipLedger.$inferSelect;
export type InsightDay = typeof insightDays.$inferSelect;
export type InsightMonth = typeof insightMonths.$inferSelect;
export type InsightCohort = typeof insightCohorts.$inferSelect;
export type InsightSettings = typeof insightSettings.$inferSelect;
