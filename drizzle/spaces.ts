import { sql } from "drizzle-orm";
import { index, integer, primaryKey, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { communities } from "./communities";
import { events } from "./events";
import { tiers } from "./memberships";

/**
 * The community space: spaces by topic, member posts and one level of replies, reactions, polls,
 * follows, read markers, notifications, reports and the per-member daily activity record that
 * insights aggregate. Members are named by their profile's display name, never by email; rows
 * key people by lower-cased email as the rest of the schema does.
 */

/**
 * Who may read or post in a space: members from a minimum tier rank up (null: every member),
 * one named tier only (a core lounge), or staff only (announcements). Staff pass every rule.
 */
export const SPACE_RULE_KINDS = ["rank", "tier", "staff"] as const;
export type SpaceRuleKind = (typeof SPACE_RULE_KINDS)[number];

export const spaces = lazyTable(
  "spaces",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    /** URL name, unique in the community: /c/:slug/s/:space. */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    emoji: text("emoji").notNull().default(""),
    position: integer("position").notNull().default(0),
    readKind: text("read_kind", { enum: SPACE_RULE_KINDS }).notNull().default("rank"),
    readMinRank: integer("read_min_rank"),
    readTierId: text("read_tier_id").references(() => tiers.id, { onDelete: "set null" }),
    /** Honours: members below this level may not read the space (null: no level needed). */
    readMinLevel: integer("read_min_level"),
    postKind: text("post_kind", { enum: SPACE_RULE_KINDS }).notNull().default("rank"),
    postMinRank: integer("post_min_rank"),
    postTierId: text("post_tier_id").references(() => tiers.id, { onDelete: "set null" }),
    /** Visible threads, kept by the code that writes posts (the space list shows it without counting). */
    threadCount: integer("thread_count").notNull().default(0),
    /** Newest visible post or reply in the space: unread markers compare against it. */
    lastPostAt: integer("last_post_at", { mode: "timestamp_ms" }),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [uniqueIndex("spaces_community_slug_idx").on(t.communityId, t.slug), index("spaces_community_position_idx").on(t.communityId, t.position)],
);

/**
 * visible: everyone who may read the space sees it. held: waiting for a moderator (a new member's
 * first posts, links from young accounts); only its author and staff see it. removed: taken down
 * by staff; the row stays for the record, the body is shown to nobody but staff.
 */
export const POST_STATUSES = ["visible", "held", "removed"] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** A thread (parent_id null) or a reply to one (parent_id = the thread): one level deep. */
export const posts = lazyTable(
  "posts",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    spaceId: text("space_id")
      .notNull()
      .references(() => spaces.id, { onDelete: "cascade" }),
    parentId: text("parent_id"),
    authorEmail: text("author_email").notNull(),
    title: text("title"),
    body: text("body").notNull(),
    status: text("status", { enum: POST_STATUSES }).notNull().default("visible"),
    /** Why a post is held ("first_posts", "links"), shown to moderators. */
    heldReason: text("held_reason"),
    /** Shown to the author when staff remove a post. */
    removedReason: text("removed_reason"),
    removedBy: text("removed_by"),
    removedAt: integer("removed_at", { mode: "timestamp_ms" }),
    /** The author deleted it: gone for everyone, the row kept for the record. */
    deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
    pinnedAt: integer("pinned_at", { mode: "timestamp_ms" }),
    lockedAt: integer("locked_at", { mode: "timestamp_ms" }),
    editedAt: integer("edited_at", { mode: "timestamp_ms" }),
    /** Visible replies (threads only) and reactions, kept by the writes so lists never count. */
    replyCount: integer("reply_count").notNull().default(0),
    reactionCount: integer("reaction_count").notNull().default(0),
    /** Newest visible reply, or creation: the "most active" order and the feed's freshness. */
    lastActivityAt: integer("last_activity_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    // A space page: visible threads, pinned first, newest or most active.
    index("posts_space_threads_idx").on(t.spaceId, t.parentId, t.status, t.createdAt, t.id),
    index("posts_space_activity_idx").on(t.spaceId, t.parentId, t.status, t.lastActivityAt, t.id),
    // A space's unread count: its posts and replies after the member's last visit, newest first.
    index("posts_space_recent_idx").on(t.spaceId, t.createdAt),
    // A thread's replies in order.
    index("posts_parent_idx").on(t.parentId, t.createdAt),
    // The community feed across spaces.
    index("posts_community_created_idx").on(t.communityId, t.parentId, t.status, t.createdAt, t.id),
    index("posts_community_activity_idx").on(t.communityId, t.parentId, t.status, t.lastActivityAt, t.id),
    // A member's own posts (profile, moderation) and the moderation queue.
    index("posts_author_idx").on(t.communityId, t.authorEmail, t.createdAt),
    index("posts_held_idx").on(t.communityId, t.status, t.createdAt, t.id),
    // Pinned threads head a space's first page: a few rows, found without walking the space's threads.
    index("posts_space_pinned_idx").on(t.spaceId, t.pinnedAt).where(sql`${t.pinnedAt} is not null`),
  ],
);

export const postFiles = lazyTable(
  "post_files",
  () => ({
    id: text("id").primaryKey(),
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    r2Key: text("r2_key").notNull().unique(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("post_files_post_idx").on(t.postId)],
);

export const postReactions = lazyTable(
  "post_reactions",
  () => ({
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    emoji: text("emoji").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.postId, t.email, t.emoji] })],
);

export const POLL_KINDS = ["single", "multiple"] as const;
export type PollKind = (typeof POLL_KINDS)[number];
/** Results show to a member once they voted, or to everyone only after the poll closes. */
export const POLL_RESULTS = ["after_vote", "after_close"] as const;
export type PollResults = (typeof POLL_RESULTS)[number];

export const polls = lazyTable(
  "polls",
  () => ({
    postId: text("post_id")
      .primaryKey()
      .references(() => posts.id, { onDelete: "cascade" }),
    communityId: text("community_id").notNull(),
    question: text("question").notNull(),
    kind: text("kind", { enum: POLL_KINDS }).notNull().default("single"),
    results: text("results", { enum: POLL_RESULTS }).notNull().default("after_vote"),
    closesAt: integer("closes_at", { mode: "timestamp_ms" }),
    /** Members who voted (kept by the vote writes). */
    voterCount: integer("voter_count").notNull().default(0),
    /** Set once "poll closed" notifications are queued, so the cron announces each poll once. */
    closedNotifiedAt: integer("closed_notified_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("polls_closing_idx").on(t.closedNotifiedAt, t.closesAt)],
);

export const pollOptions = lazyTable(
  "poll_options",
  () => ({
    id: text("id").primaryKey(),
    postId: text("post_id")
      .notNull()
      .references(() => polls.postId, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    label: text("label").notNull(),
    voteCount: integer("vote_count").notNull().default(0),
  }),
  (t) => [index("poll_options_post_idx").on(t.postId, t.position)],
);

/** One row per member per chosen option; a single-choice poll holds at most one per member. */
export const pollVotes = lazyTable(
  "poll_votes",
  () => ({
    postId: text("post_id")
      .notNull()
      .references(() => polls.postId, { onDelete: "cascade" }),
    optionId: text("option_id")
      .notNull()
      .references(() => pollOptions.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.postId, t.email, t.optionId] })],
);

/** People told about new replies in a thread: its author, repliers, and whoever chose to follow. */
export const threadFollows = lazyTable(
  "thread_follows",
  () => ({
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.postId, t.email] })],
);

/** When a member last opened a space: its unread count is the posts after this. */
export const spaceReads = lazyTable(
  "space_reads",
  () => ({
    spaceId: text("space_id")
      .notNull()
      .references(() => spaces.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    lastReadAt: integer("last_read_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.spaceId, t.email] })],
);

/** Kinds about a post (a level_up row is about one when a reaction lifted the member). */
export const POST_NOTIFICATION_KINDS = ["reply", "mention", "thread_reply", "poll_closed", "level_up"] as const;
export const NOTIFICATION_KINDS = [...POST_NOTIFICATION_KINDS, "event_promoted", "event_cancelled"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * In-app notifications. One per person, kind and post, so a redelivered job writes nothing twice.
 * emailed_at is set when the email (each, or the daily digest) went out.
 */
export const notifications = lazyTable(
  "notifications",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    /** The post the notification is about (the reply, the mentioning post, the poll's post); null for an event or a level. */
    postId: text("post_id").references(() => posts.id, { onDelete: "cascade" }),
    /** The event a waitlist promotion or a cancellation is about. */
    eventId: text("event_id").references(() => events.id, { onDelete: "cascade" }),
    /** The level reached, for a level-up that no post caused (attendance, a referral, an owner's award). */
    level: integer("level"),
    actorEmail: text("actor_email"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    emailedAt: integer("emailed_at", { mode: "timestamp_ms" }),
  }),
  (t) => [
    uniqueIndex("notifications_once_idx").on(t.email, t.kind, t.postId),
    // The same rule for notices about an event and for levels reached (NULLs never conflict).
    uniqueIndex("notifications_event_once_idx").on(t.email, t.kind, t.eventId),
    uniqueIndex("notifications_level_once_idx").on(t.communityId, t.email, t.kind, t.level),
    index("notifications_inbox_idx").on(t.communityId, t.email, t.createdAt, t.id),
    index("notifications_unemailed_idx").on(t.emailedAt, t.createdAt),
    // Unread counts and "mark all read" touch only unread rows, however long the history.
    index("notifications_unread_idx").on(t.communityId, t.email).where(sql`read_at is null`),
  ],
);

export const reports = lazyTable(
  "reports",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    postId: text("post_id")
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    reporterEmail: text("reporter_email").notNull(),
    reason: text("reason").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** approved (kept) or removed; null while open. */
    resolution: text("resolution", { enum: ["kept", "removed"] }),
    resolvedBy: text("resolved_by"),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  }),
  (t) => [uniqueIndex("reports_once_idx").on(t.postId, t.reporterEmail), index("reports_open_idx").on(t.communityId, t.resolvedAt, t.createdAt)],
);

/**
 * The owner's rules for the room. hold_first_posts: a new member's first N posts wait for a
 * moderator; hold_links_days: posts with links from members younger than this wait;
 * posts_per_hour: a member's posting limit; edit_minutes: how long authors may edit.
 */
export const spaceSettings = lazyTable("space_settings", () => ({
  communityId: text("community_id")
    .primaryKey()
    .references(() => communities.id, { onDelete: "cascade" }),
  holdFirstPosts: integer("hold_first_posts").notNull().default(0),
  holdLinksDays: integer("hold_links_days").notNull().default(0),
  postsPerHour: integer("posts_per_hour").notNull().default(20),
  editMinutes: integer("edit_minutes").notNull().default(30),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}));

/**
 * How many posts and replies each member has written in a community, counted by the same batch
 * that inserts the post: "hold the first N posts" compares against this counter, which one
 * statement increments, so parallel posts cannot all see "zero so far".
 */
export const memberPostCounts = lazyTable(
  "member_post_counts",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    written: integer("written").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.email] })],
);

/**
 * The activity record: one row per member per community per UTC day, incremented by the writes
 * themselves. Insights aggregate it per member and per day by index, never by scanning posts.
 * `day` is "YYYY-MM-DD" (UTC).
 */
export const memberActivityDaily = lazyTable(
  "member_activity_daily",
  () => ({
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    email: text("email").notNull(),
    posts: integer("posts").notNull().default(0),
    replies: integer("replies").notNull().default(0),
    reactionsGiven: integer("reactions_given").notNull().default(0),
    reactionsReceived: integer("reactions_received").notNull().default(0),
    votes: integer("votes").notNull().default(0),
    threadViews: integer("thread_views").notNull().default(0),
    dropViews: integer("drop_views").notNull().default(0),
    signIns: integer("sign_ins").notNull().default(0),
    /** Any page inside the community opened that day (the basis of DAU/MAU). */
    visits: integer("visits").notNull().default(0),
    /** Events the host marked the member as having attended, by the event's day. */
    eventsAttended: integer("events_attended").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.communityId, t.day, t.email] }), index("member_activity_member_idx").on(t.communityId, t.email, t.day)],
);

export type Space = typeof spaces.$inferSelect;
export type Post = typeof posts.$inferSelect;
export type Poll = typeof polls.$inferSelect;
export type PollOption = typeof pollOptions.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type Report = typeof reports.$inferSelect;
export type SpaceSettings = typeof spaceSettings.$inferSelect;
