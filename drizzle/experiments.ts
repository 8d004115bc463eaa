import { index, integer, primaryKey, real, text } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { communities } from "./communities";
import { tiers } from "./memberships";

export const EXPERIMENT_TARGETS = ["application_fee", "tier_price"] as const;
export const EXPERIMENT_MODES = ["fixed", "bandit"] as const;
export const EXPERIMENT_STATUSES = ["draft", "running", "paused", "stopped"] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** A price test on a community's application fee or on one tier's price for one interval. */
export const experiments = lazyTable(
  "experiments",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    target: text("target", { enum: EXPERIMENT_TARGETS }).notNull(),
    tierId: text("tier_id").references(() => tiers.id),
    interval: text("interval", { enum: ["month", "year"] }),
    mode: text("mode", { enum: EXPERIMENT_MODES }).notNull().default("fixed"),
    status: text("status", { enum: EXPERIMENT_STATUSES }).notNull().default("draft"),
    /** Random per experiment: the hash seed, so buckets are independent across experiments. */
    seed: text("seed").notNull(),
    conversionWindowDays: integer("conversion_window_days").notNull().default(14),
    maxDurationDays: integer("max_duration_days").notNull().default(42),
    refundToLowest: integer("refund_to_lowest", { mode: "boolean" }).notNull().default(false),
    autoPromote: integer("auto_promote", { mode: "boolean" }).notNull().default(false),
    /** Once promoted, every new visitor gets this variant. */
    winnerVariantId: text("winner_variant_id"),
    startedAt: integer("started_at", { mode: "timestamp_ms" }),
    stoppedAt: integer("stopped_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    index("experiments_community_idx").on(t.communityId, t.status),
    // The cron's scans across communities: running (by mode), recently stopped.
    index("experiments_status_idx").on(t.status, t.mode, t.stoppedAt),
  ],
);

/** A price point with its pre-aggregated counters, so results cost O(variants). */
export const experimentVariants = lazyTable(
  "experiment_variants",
  () => ({
    id: text("id").primaryKey(),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    position: integer("position").notNull(),
    price: integer("price").notNull(),
    /** Weight for new visitors now (fixed split, or the bandit's latest). */
    weight: real("weight").notNull(),
    isControl: integer("is_control", { mode: "boolean" }).notNull().default(false),
    /** Tier experiments: the tier price row (and so the Stripe price) this variant charges. */
    tierPriceId: text("tier_price_id"),
    exposures: integer("exposures").notNull().default(0),
    conversions: integer("conversions").notNull().default(0),
    revenue: integer("revenue").notNull().default(0),
    revenueSq: real("revenue_sq").notNull().default(0),
  }),
  (t) => [index("experiment_variants_exp_idx").on(t.experimentId, t.position)],
);

/** The sticky assignment: first one wins, whatever weights say later. */
export const experimentAssignments = lazyTable(
  "experiment_assignments",
  () => ({
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    visitorId: text("visitor_id").notNull(),
    variantId: text("variant_id").notNull(),
    email: text("email"),
    assignedAt: integer("assigned_at", { mode: "timestamp_ms" }).notNull(),
    exposedAt: integer("exposed_at", { mode: "timestamp_ms" }),
    convertedAt: integer("converted_at", { mode: "timestamp_ms" }),
  }),
  (t) => [primaryKey({ columns: [t.experimentId, t.visitorId] }), index("experiment_assignments_email_idx").on(t.experimentId, t.email)],
);

/** Per-day counters per variant, for plots over time and SRM by weight period. */
export const experimentDaily = lazyTable(
  "experiment_daily",
  () => ({
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    variantId: text("variant_id").notNull(),
    day: text("day").notNull(),
    exposures: integer("exposures").notNull().default(0),
    conversions: integer("conversions").notNull().default(0),
    revenue: integer("revenue").notNull().default(0),
    /** The variant's weight in force that day (bandit weights change). */
    weight: real("weight").notNull(),
  }),
  (t) => [primaryKey({ columns: [t.experimentId, t.variantId, t.day] })],
);

/** Each money event counted once (by Stripe object id); refunds come in negative. */
export const experimentConversions = lazyTable(
  "experiment_conversions",
  () => ({
    id: text("id").primaryKey(),
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    variantId: text("variant_id").notNull(),
    visitorId: text("visitor_id").notNull(),
    /** Stripe object that proves it: payment intent, invoice or refund id. */
    source: text("source").notNull().unique(),
    amount: integer("amount").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("experiment_conversions_exp_idx").on(t.experimentId)],
);

/** Daily analysis snapshots for "chance to be best over time". */
export const experimentSnapshots = lazyTable(
  "experiment_snapshots",
  () => ({
    experimentId: text("experiment_id")
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    chanceToBeBest: text("chance_to_be_best", { mode: "json" }).$type<Record<string, number>>().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.experimentId, t.day] })],
);

export type Experiment = typeof experiments.$inferSelect;
export type ExperimentVariant = typeof experimentVariants.$inferSelect;
export type ExperimentAssignment = typeof experimentAssignments.$inferSelect;
