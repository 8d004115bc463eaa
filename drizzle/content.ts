import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { communities } from "./communities";
import { tiers } from "./memberships";

export const DROP_STATUSES = ["draft", "scheduled", "published", "archived"] as const;
export type DropStatus = (typeof DROP_STATUSES)[number];

/** A piece of member content. It unlocks per target tier at publish time + that tier's offset. */
export const drops = lazyTable(
  "drops",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    topics: text("topics", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    status: text("status", { enum: DROP_STATUSES }).notNull().default("draft"),
    publishAt: integer("publish_at", { mode: "timestamp_ms" }),
    /** Set by the cron trigger the first time the drop goes out; publishing is idempotent on it. */
    publishedAt: integer("published_at", { mode: "timestamp_ms" }),
    /** Drip: unlocks this many days after each member's join date (on top of the tier's release). */
    dripDays: integer("drip_days"),
    /** Honours: members below this level never get the drop (null: no level needed). */
    minLevel: integer("min_level"),
    authorEmail: text("author_email").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    index("drops_community_publish_idx").on(t.communityId, t.status, t.publishAt),
    // The member feed walks a community's drops newest first and stops at its window; with only
    // the index above, `status in (scheduled, published)` made SQLite sort every drop first.
    index("drops_community_time_idx").on(t.communityId, t.publishAt, t.id),
    // The cron's scans across communities: due drops, recently released drops.
    index("drops_due_idx").on(t.status, t.publishAt),
  ],
);

/** Which tiers get a drop, and how long after publish time each one does (staggered early access). */
export const dropTargets = lazyTable(
  "drop_targets",
  () => ({
    dropId: text("drop_id")
      .notNull()
      .references(() => drops.id, { onDelete: "cascade" }),
    tierId: text("tier_id")
      .notNull()
      .references(() => tiers.id, { onDelete: "cascade" }),
    offsetHours: integer("offset_hours").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.dropId, t.tierId] }), index("drop_targets_tier_idx").on(t.tierId)],
);

export const dropFiles = lazyTable(
  "drop_files",
  () => ({
    id: text("id").primaryKey(),
    dropId: text("drop_id")
      .notNull()
      .references(() => drops.id, { onDelete: "cascade" }),
    r2Key: text("r2_key").notNull().unique(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("drop_files_drop_idx").on(t.dropId)],
);

/** One row per notification sent, so publishing twice (or a retried cron) emails each person once. */
export const dropNotifications = lazyTable(
  "drop_notifications",
  () => ({
    dropId: text("drop_id")
      .notNull()
      .references(() => drops.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    kind: text("kind", { enum: ["drop", "digest"] }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.dropId, t.email, t.kind] })],
);

export const NOTIFY_MODES = ["each", "weekly", "off"] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];
/** Emails about activity in the space (replies, mentions, followed threads, closed polls): each, a daily digest, or none. */
export const ACTIVITY_MODES = ["each", "daily", "off"] as const;
export type ActivityMode = (typeof ACTIVITY_MODES)[number];

export const notificationPrefs = lazyTable(
  "notification_prefs",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    mode: text("mode", { enum: NOTIFY_MODES }).notNull().default("each"),
    /** Secret for one-click unsubscribe links (RFC 8058). */
    unsubscribeToken: text("unsubscribe_token").notNull().unique(),
    lastDigestAt: integer("last_digest_at", { mode: "timestamp_ms" }),
    activityMode: text("activity_mode", { enum: ACTIVITY_MODES }).notNull().default("each"),
    /**
     * When this member's next daily activity digest is due: a day after the first notification
     * it will carry, so digests come at most once a day; null while nothing waits. The cron finds
     * due digests on this index alone, so its scan never grows with the notification history.
     */
    activityDigestDueAt: integer("activity_digest_due_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.email] }), index("notification_prefs_digest_due_idx").on(t.activityDigestDueAt)],
);

/** Private per-member RSS feed URLs; revoking one sets revoked_at. */
export const feedTokens = lazyTable(
  "feed_tokens",
  () => ({
    token: text("token").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  }),
  (t) => [index("feed_tokens_member_idx").on(t.communityId, t.email)],
);

export const comments = lazyTable(
  "comments",
  () => ({
    id: text("id").primaryKey(),
    dropId: text("drop_id")
      .notNull()
      .references(() => drops.id, { onDelete: "cascade" }),
    communityId: text("community_id").notNull(),
    email: text("email").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    deletedBy: text("deleted_by"),
  }),
  (t) => [index("comments_drop_idx").on(t.dropId, t.createdAt, t.id)],
);

export const reactions = lazyTable(
  "reactions",
  () => ({
    dropId: text("drop_id")
      .notNull()
      .references(() => drops.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    emoji: text("emoji").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.dropId, t.email, t.emoji] })],
);

/** A muted member can read but not comment or react. */
export const mutes = lazyTable(
  "mutes",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    until: integer("until", { mode: "timestamp_ms" }),
    reason: text("reason").notNull(),
    actor: text("actor").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.email] })],
);

export const dropViews = lazyTable(
  "drop_views",
  () => ({
    dropId: text("drop_id")
      .notNull()
      .references(() => drops.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    views: integer("views").notNull().default(1),
    firstViewedAt: integer("first_viewed_at", { mode: "timestamp_ms" }).notNull(),
    lastViewedAt: integer("last_viewed_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.dropId, t.email] })],
);

export type Drop = typeof drops.$inferSelect;
export type DropTarget = typeof dropTargets.$inferSelect;
export type DropFile = typeof dropFiles.$inferSelect;
export type Comment = typeof comments.$inferSelect;
