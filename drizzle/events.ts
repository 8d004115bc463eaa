import { index, integer, primaryKey, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";
import { communities } from "./communities";
import { tiers } from "./memberships";

/**
 * Events and meetups: an event with its private whereabouts (the online link, the street address)
 * shown to attendees only, RSVPs with seats, a waitlist and optional paid tickets, reminder claims,
 * private calendar feed tokens and the owner's setting for who may create events.
 */

export const EVENT_KINDS = ["online", "in_person"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const events = lazyTable(
  "events",
  () => ({
    id: text("id").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** Markdown, rendered through the one sanitising renderer. */
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: EVENT_KINDS }).notNull(),
    /** In-person events: the city everyone sees ("Berlin"); online ones leave it empty. */
    city: text("city").notNull().default(""),
    /** The street address (in person) or the join link (online): attendees and hosts only. */
    address: text("address").notNull().default(""),
    link: text("link").notNull().default(""),
    /** IANA name; start and end were entered in it and are shown in it beside the viewer's zone. */
    timeZone: text("time_zone").notNull(),
    startsAt: integer("starts_at", { mode: "timestamp_ms" }).notNull(),
    endsAt: integer("ends_at", { mode: "timestamp_ms" }).notNull(),
    /** Seats; null: no limit. */
    capacity: integer("capacity"),
    /** When full: true puts newcomers on the waitlist, false refuses them. */
    waitlist: integer("waitlist", { mode: "boolean" }).notNull().default(true),
    /** Tier gate, the same rules as spaces: a minimum tier rank, or one named tier. */
    minRank: integer("min_rank"),
    tierId: text("tier_id").references(() => tiers.id, { onDelete: "set null" }),
    /** Ticket price in the currency's minor unit; 0: free. */
    priceAmount: integer("price_amount").notNull().default(0),
    currency: text("currency").notNull().default("usd"),
    hostEmail: text("host_email").notNull(),
    /** Set by the cron when it queued the reminders due 24 hours and 1 hour before. */
    dayReminderQueuedAt: integer("day_reminder_queued_at", { mode: "timestamp_ms" }),
    hourReminderQueuedAt: integer("hour_reminder_queued_at", { mode: "timestamp_ms" }),
    /** Set once when the host or staff cancel the event: answers close, reminders stop, tickets are refunded. */
    cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("events_community_start_idx").on(t.communityId, t.startsAt, t.id), index("events_start_idx").on(t.startsAt)],
);

/**
 * going: has a seat. unpaid: a seat held while paying (until hold_until), then going.
 * waitlisted: wants a seat, in `seq` order. maybe / not_going: no seat.
 */
export const RSVP_STATUSES = ["going", "unpaid", "waitlisted", "maybe", "not_going"] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

export const REFUND_STATUSES = ["pending", "done", "failed"] as const;

export const eventRsvps = lazyTable(
  "event_rsvps",
  () => ({
    /** Names the RSVP in forms (attendance) without showing anyone's email. */
    id: text("id").notNull(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    communityId: text("community_id").notNull(),
    email: text("email").notNull(),
    status: text("status", { enum: RSVP_STATUSES }).notNull(),
    /** Order of arrival on the waitlist (refreshed when someone joins it again). */
    seq: integer("seq").notNull(),
    holdUntil: integer("hold_until", { mode: "timestamp_ms" }),
    checkoutSessionId: text("checkout_session_id"),
    checkoutAttempts: integer("checkout_attempts").notNull().default(0),
    paymentIntentId: text("payment_intent_id"),
    paidAmount: integer("paid_amount").notNull().default(0),
    refundStatus: text("refund_status", { enum: REFUND_STATUSES }),
    refundId: text("refund_id"),
    attendedAt: integer("attended_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [
    primaryKey({ columns: [t.eventId, t.email] }),
    uniqueIndex("event_rsvps_id_idx").on(t.id),
    index("event_rsvps_status_idx").on(t.eventId, t.status, t.seq),
    index("event_rsvps_member_idx").on(t.communityId, t.email),
    index("event_rsvps_session_idx").on(t.checkoutSessionId),
    // The cron's finds: seats held unpaid past their hold, refunds left pending.
    index("event_rsvps_hold_idx").on(t.status, t.holdUntil),
    index("event_rsvps_refund_idx").on(t.refundStatus),
  ],
);

/**
 * How many RSVPs an event has in each status, kept equal to `count(*)` of event_rsvps by triggers
 * (migrations/0031_event_rsvp_counts.sql) on every write path, so the event page, the lists and
 * the seat check read a crowd's size in one row, however large the crowd.
 */
export const eventRsvpCounts = lazyTable(
  "event_rsvp_counts",
  () => ({
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    status: text("status", { enum: RSVP_STATUSES }).notNull(),
    n: integer("n").notNull().default(0),
  }),
  (t) => [primaryKey({ columns: [t.eventId, t.status] })],
);

export const REMINDER_KINDS = ["day", "hour"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** One row per reminder sent: the insert is the claim, so a redelivered job sends nothing twice. */
export const eventReminders = lazyTable(
  "event_reminders",
  () => ({
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [primaryKey({ columns: [t.eventId, t.email, t.kind] })],
);

/** The secret in a member's private calendar feed URL; resetting it revokes the old one. */
export const eventCalendarTokens = lazyTable(
  "event_calendar_tokens",
  () => ({
    token: text("token").primaryKey(),
    communityId: text("community_id")
      .notNull()
      .references(() => communities.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  }),
  (t) => [index("event_calendar_tokens_member_idx").on(t.communityId, t.email)],
);

/** The owner's choice: whether members (not only staff) may create events. */
export const eventSettings = lazyTable("event_settings", () => ({
  communityId: text("community_id")
    .primaryKey()
    .references(() => communities.id, { onDelete: "cascade" }),
  membersCreate: integer("members_create", { mode: "boolean" }).notNull().default(false),
  /** Points toward a member's level for each event the host marks them as having attended (0: none). */
  attendancePoints: integer("attendance_points").notNull().default(5),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}));

export type Event = typeof events.$inferSelect;
export type EventRsvp = typeof eventRsvps.$inferSelect;
