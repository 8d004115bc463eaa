import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { communities, FEE_POLICIES } from "./communities";

/**
 * awaiting_payment: submitted, fee not yet paid (an abandoned Checkout stays here, retryable).
 * under_review: fee paid or held (or no fee). expired: the card hold lapsed before a decision;
 * the applicant can authorize again. approved / rejected / waitlisted: the owner's decision.
 */
export const APPLICATION_STATUSES = [
  "awaiting_payment",
  "under_review",
  "waitlisted",
  "expired",
  "approved",
  "rejected",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** An open application blocks a second one from the same email to the same community. */
export const OPEN_STATUSES = ["awaiting_payment", "under_review", "waitlisted", "expired"] as const;

/**
 * none: no fee. unpaid: Checkout not completed yet. checkout_expired: a Checkout Session lapsed.
 * held: authorized, not captured. paid: charged (non-refundable / refund-on-rejection).
 * captured: a hold that was captured on approval. refunded / released: money returned.
 * hold_expired: the authorization lapsed (Stripe cancelled it).
 */
export const PAYMENT_STATUSES = [
  "none",
  "unpaid",
  "checkout_expired",
  "held",
  "paid",
  "captured",
  "refunded",
  "released",
  "hold_expired",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** A Van Westendorp answer: four prices in the community currency's main unit, in this order. */
export interface PriceSensitivityAnswer {
  tooCheap: number;
  cheap: number;
  expensive: number;
  tooExpensive: number;
}

export type AnswerValue = string | number | string[] | PriceSensitivityAnswer;
export type Answers = Record<string, AnswerValue>;

export const applications = lazyTable(
  "applications",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: APPLICATION_STATUSES }).notNull(),
    answers: text("answers", { mode: "json" }).$type<Answers>().notNull(),
    rulesAcceptedAt: integer("rules_accepted_at", { mode: "timestamp_ms" }).notNull(),
    /** The fee and policy in force when the applicant applied: what they were shown is what applies. */
    feeAmount: integer("fee_amount").notNull(),
    currency: text("currency").notNull(),
    feePolicy: text("fee_policy", { enum: FEE_POLICIES }).notNull(),
    paymentStatus: text("payment_status", { enum: PAYMENT_STATUSES }).notNull(),
    /** Secret for the applicant's status page link. */
    statusToken: text("status_token").notNull().unique(),
    checkoutSessionId: text("checkout_session_id"),
    checkoutAttempts: integer("checkout_attempts").notNull().default(0),
    paymentIntentId: text("payment_intent_id"),
    paidAt: integer("paid_at", { mode: "timestamp_ms" }),
    holdExpiresAt: integer("hold_expires_at", { mode: "timestamp_ms" }),
    holdWarnedAt: integer("hold_warned_at", { mode: "timestamp_ms" }),
    flagged: integer("flagged", { mode: "boolean" }).notNull().default(false),
    flagReasons: text("flag_reasons", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    decisionReason: text("decision_reason"),
    decidedBy: text("decided_by"),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    /** Set with each decision; a money move is claimed only by the decision that won the race. */
    decisionId: text("decision_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    /** The price experiment variant whose fee this applicant was shown (and so pays). */
    experimentVariantId: text("experiment_variant_id"),
    visitorId: text("visitor_id"),
  }),
  (t) => [
    uniqueIndex("applications_one_open_per_email")
      .on(t.communityId, t.email)
      .where(sql`status in ('awaiting_payment', 'under_review', 'waitlisted', 'expired')`),
    index("applications_queue_idx").on(t.communityId, t.status, t.createdAt),
    index("applications_community_created_idx").on(t.communityId, t.createdAt, t.id),
    index("applications_email_idx").on(t.email),
    // A member's own application in one community (the name shown on their posts until profiles).
    index("applications_community_email_idx").on(t.communityId, t.email, t.createdAt),
    // A display name may not be one another member already goes by through their application.
    index("applications_community_name_idx").on(t.communityId, sql`lower(${t.name})`),
    index("applications_checkout_idx").on(t.checkoutSessionId),
    index("applications_payment_intent_idx").on(t.paymentIntentId),
    index("applications_hold_idx").on(t.paymentStatus, t.holdExpiresAt),
  ],
);

export const applicationNotes = lazyTable(
  "application_notes",
  () => ({
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    authorEmail: text("author_email").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("application_notes_app_idx").on(t.applicationId, t.createdAt)],
);

/** The application's timeline: every state change, who made it and why. */
export const applicationEvents = lazyTable(
  "application_events",
  () => ({
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    actor: text("actor").notNull(),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("application_events_app_idx").on(t.applicationId, t.createdAt)],
);

export const MONEY_ACTION_KINDS = ["capture", "refund", "release"] as const;
export type MoneyActionKind = (typeof MONEY_ACTION_KINDS)[number];

/**
 * One row per money move an application may ever need. The unique key is what makes a
 * decision move money exactly once, however many times it is clicked; the row is written in
 * the same batch as the decision, and a pending row is retried by the cron trigger.
 */
export const moneyActions = lazyTable(
  "money_actions",
  () => ({
    id: text("id").primaryKey(),
    applicationId: text("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: MONEY_ACTION_KINDS }).notNull(),
    status: text("status", { enum: ["pending", "done", "failed"] }).notNull(),
    amount: integer("amount").notNull(),
    stripeObjectId: text("stripe_object_id"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    uniqueIndex("money_actions_once").on(t.applicationId, t.kind),
    index("money_actions_status_idx").on(t.status),
  ],
);

/**
 * How many of a community's applications are in each status, kept by triggers on `applications`
 * (migrations/0014_application_count_triggers.sql): the review queue's tabs read one row per status instead
 * of counting a community's whole history on every page view.
 */
export const applicationCounts = lazyTable(
  "application_counts",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    status: text("status", { enum: APPLICATION_STATUSES }).notNull(),
    n: integer("n").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.status] })],
);

export type Application = typeof applications.$inferSelect;
export type ApplicationNote = typeof applicationNotes.$inferSelect;
export type ApplicationEvent = typeof applicationEvents.$inferSelect;
export type MoneyAction = typeof moneyActions.$inferSelect;
