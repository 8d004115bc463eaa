import { index, integer, primaryKey, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { communities } from "./communities";

/**
 * Honours: points members earn when others react to what they wrote (and, wired by other
 * features, for attending events or referring friends), the levels those points reach, and badges
 * owners give by hand.
 *
 * `point_awards` is the ledger: one row per reason a person holds points, unique per source, so
 * writing the same award twice changes nothing. Triggers (migration `honour_point_triggers`) keep
 * the aggregates in step with it: `member_points` (totals, the rolling 7- and 30-day sums and the
 * level) and `point_days` (per member and day). Leaderboards read the aggregates by index; nothing
 * scans reactions or the ledger per request.
 */
export const pointAwards = lazyTable(
  "point_awards",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    /** Who earned the points (lower-cased). */
    email: text("email").notNull(),
    points: integer("points").notNull(),
    /** Shown to the member: "reaction", "event attendance", "referral". */
    reason: text("reason").notNull(),
    /** What the award is for: "reaction" (post id and reactor), "event", "referral"... */
    sourceKind: text("source_kind").notNull(),
    sourceId: text("source_id").notNull(),
    /** The post a reaction award hangs on: removing the post takes its awards back. */
    postId: text("post_id"),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    /** Whole UTC days since the epoch of `at`: the day the points count toward. */
    day: integer("day").notNull(),
  }),
  (t) => [uniqueIndex("point_awards_source_idx").on(t.communityId, t.sourceKind, t.sourceId), index("point_awards_post_idx").on(t.postId)],
);

/**
 * Per member: all-time points, the points of the last 7 and 30 days (a daily job takes out the
 * days that leave each window, see `honour_windows`), the level those points reach and the highest
 * level the member has been told about.
 */
export const memberPoints = lazyTable(
  "member_points",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    points: integer("points").notNull().default(0),
    points7d: integer("points_7d").notNull().default(0),
    points30d: integer("points_30d").notNull().default(0),
    level: integer("level").notNull().default(1),
    notifiedLevel: integer("notified_level").notNull().default(1),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    primaryKey({ columns: [t.communityId, t.email] }),
    // One index per leaderboard: the top N is the index's first N entries.
    index("member_points_all_idx").on(t.communityId, t.points, t.email),
    index("member_points_7d_idx").on(t.communityId, t.points7d, t.email),
    index("member_points_30d_idx").on(t.communityId, t.points30d, t.email),
  ],
);

/** Points per member and UTC day (days since the epoch). */
export const pointDays = lazyTable(
  "point_days",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    day: integer("day").notNull(),
    email: text("email").notNull(),
    points: integer("points").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.day, t.email] })],
);

/**
 * How far each rolling window has moved: days up to `through_7d` no longer count toward
 * `points_7d` (likewise 30 days). The invariant the triggers and the daily job keep:
 * points_7d = the member's points on days after through_7d.
 */
export const honourWindows = lazyTable(
  "honour_windows",
  () => ({
    communityId: text("community_id")
      .primaryKey()
      .references(() => communities.id, { onDelete: "cascade" }),
    through7d: integer("through_7d").notNull(),
    through30d: integer("through_30d").notNull(),
  }),
  (t) => [index("honour_windows_7d_idx").on(t.through7d), index("honour_windows_30d_idx").on(t.through30d)],
);

/** The owner's levels; a community without rows uses the default nine (src/honours/levels.ts). */
export const honourLevels = lazyTable(
  "honour_levels",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    level: integer("level").notNull(),
    minPoints: integer("min_points").notNull(),
    name: text("name").notNull(),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.level] })],
);

/** Badges owners give by hand ("Founding member", "Host"); one of each name per member. */
export const memberBadges = lazyTable(
  "member_badges",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    awardedBy: text("awarded_by").notNull(),
    awardedAt: integer("awarded_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [uniqueIndex("member_badges_once_idx").on(t.communityId, t.email, t.name)],
);

export type PointAward = typeof pointAwards.$inferSelect;
export type MemberPoints = typeof memberPoints.$inferSelect;
export type HonourLevel = typeof honourLevels.$inferSelect;
export type MemberBadge = typeof memberBadges.$inferSelect;
