import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";

export const FEE_POLICIES = ["non_refundable", "refund_on_rejection", "authorize_capture"] as const;
export type FeePolicy = (typeof FEE_POLICIES)[number];

export const QUESTION_KINDS = [
  "short_text",
  "long_text",
  "single_choice",
  "multi_choice",
  "number",
  "url",
  "email",
  /** Willingness to pay: four prices (too cheap, a bargain, getting expensive, too expensive). */
  "van_westendorp",
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const STAFF_ROLES = ["owner", "moderator"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** What a choice answer does to an application: reject it at once, or flag it for the reviewer. */
export type KnockoutAction = "reject" | "flag";

/**
 * Whether a question's answer may appear on member profiles, and how introductions use it:
 * `shown` (role, industry: shown and filterable), `interests` (hobbies: matched when two people
 * share one), `offers` and `needs` (skills: one's offer meets another's need). Null: never on a
 * profile (the default; an answer reaches a profile only when its owner flags the question and
 * the member chooses to show it).
 */
export const PROFILE_ROLES = ["shown", "interests", "offers", "needs"] as const;
export type ProfileRole = (typeof PROFILE_ROLES)[number];

/** A draft is visible only to its staff until its owner publishes it (see communities/launch.ts). */
export const COMMUNITY_STATUSES = ["draft", "published"] as const;
export type CommunityStatus = (typeof COMMUNITY_STATUSES)[number];

export const communities = lazyTable("communities", () => ({
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  tagline: text("tagline").notNull().default(""),
  description: text("description").notNull().default(""),
  rules: text("rules").notNull().default(""),
  /** Application fee in the currency's minor unit (cents); 0 skips Checkout. */
  feeAmount: integer("fee_amount").notNull().default(0),
  currency: text("currency").notNull().default("usd"),
  feePolicy: text("fee_policy", { enum: FEE_POLICIES }).notNull().default("non_refundable"),
  /** Days a past-due member keeps access while Stripe retries the card. */
  graceDays: integer("grace_days").notNull().default(7),
  /** Communities that existed before drafts are live, hence the default; new ones start as drafts. */
  status: text("status", { enum: COMMUNITY_STATUSES }).notNull().default("published"),
  publishedAt: integer("published_at", { mode: "timestamp_ms" }),
  /** Who runs the community, as the landing page names them ("Hosted by ..."); empty hides it. */
  hostName: text("host_name").notNull().default(""),
  /** Links the landing page shows applicants; empty hides them. */
  termsUrl: text("terms_url").notNull().default(""),
  privacyUrl: text("privacy_url").notNull().default(""),
  contactEmail: text("contact_email").notNull().default(""),
  /** How many days a decision usually takes, as the owner promises it; null says nothing. */
  reviewDays: integer("review_days"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}));

/** Owners and moderators, by email, so operators can name an owner before they ever sign in. */
export const communityStaff = lazyTable(
  "community_staff",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.email] }), index("community_staff_email_idx").on(t.email)],
);

export const questions = lazyTable(
  "questions",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: QUESTION_KINDS }).notNull(),
    label: text("label").notNull(),
    help: text("help").notNull().default(""),
    required: integer("required", { mode: "boolean" }).notNull().default(false),
    options: text("options", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    minLength: integer("min_length"),
    maxLength: integer("max_length"),
    minValue: integer("min_value"),
    maxValue: integer("max_value"),
    /** Choice option -> action; only meaningful on choice questions. */
    knockout: text("knockout", { mode: "json" })
      .$type<Record<string, KnockoutAction>>()
      .notNull()
      .default(sql`'{}'`),
    profileRole: text("profile_role", { enum: PROFILE_ROLES }),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("questions_community_idx").on(t.communityId, t.position)],
);

export type Community = typeof communities.$inferSelect;
export type Question = typeof questions.$inferSelect;
export type StaffMember = typeof communityStaff.$inferSelect;
