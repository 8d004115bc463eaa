import { index, integer, text } from "drizzle-orm/sqlite-core";
import { lazyTable } from "./lazy-table";

/**
 * Fixed-window request counters shared by every isolate (src/lib/rate-limit.ts). One row per rule
 * and subject (a hashed email, IP or user id); a new window resets the count in the same upsert.
 */
export const rateLimits = lazyTable(
  "rate_limits",
  () => ({
    key: text("key").primaryKey(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
  }),
  (t) => [index("rate_limits_window_idx").on(t.windowStart)],
);

/**
 * Each Stripe event is claimed here by id before it changes anything; a duplicate is a no-op.
 * `claimedAt` is the lease of the delivery running the handlers: a parallel delivery of the same
 * event is refused while it is fresh, and may take over once it is stale (the first one died).
 */
export const stripeEvents = lazyTable("stripe_events", () => ({
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  stripeCreatedAt: integer("stripe_created_at", { mode: "timestamp_ms" }).notNull(),
  receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  claimedAt: integer("claimed_at", { mode: "timestamp_ms" }),
  processedAt: integer("processed_at", { mode: "timestamp_ms" }),
}));

/**
 * Every email the platform sends, whatever the provider. In dev and tests this is the outbox
 * shown at /dev/mailbox; in production it is the delivery log.
 */
export const emails = lazyTable(
  "emails",
  () => ({
    id: text("id").primaryKey(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text_body").notNull(),
    html: text("html_body"),
    /** Extra headers sent with the email (List-Unsubscribe for one-click unsubscribe), as JSON. */
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>(),
    kind: text("kind").notNull(),
    provider: text("provider").notNull(),
    // "sending": recorded with the change it reports, delivery over HTTP still to come.
    status: text("status", { enum: ["sending", "sent", "failed"] }).notNull(),
    providerMessageId: text("provider_message_id"),
    error: text("error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  }),
  (t) => [index("emails_to_idx").on(t.to, t.createdAt), index("emails_created_idx").on(t.createdAt)],
);

export type Email = typeof emails.$inferSelect;
