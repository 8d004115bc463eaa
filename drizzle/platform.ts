import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Each Stripe event is claimed here by id before it changes anything; a duplicate is a no-op. */
export const stripeEvents = sqliteTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  stripeCreatedAt: integer("stripe_created_at", { mode: "timestamp_ms" }).notNull(),
  receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  processedAt: integer("processed_at", { mode: "timestamp_ms" }),
});

/**
 * Every email the platform sends, whatever the provider. In dev and tests this is the outbox
 * shown at /dev/mailbox; in production it is the delivery log.
 */
export const emails = sqliteTable(
  "emails",
  {
    id: text("id").primaryKey(),
    to: text("to_address").notNull(),
    subject: text("subject").notNull(),
    text: text("text_body").notNull(),
    html: text("html_body"),
    kind: text("kind").notNull(),
    provider: text("provider").notNull(),
    status: text("status", { enum: ["sent", "failed"] }).notNull(),
    providerMessageId: text("provider_message_id"),
    error: text("error"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("emails_to_idx").on(t.to, t.createdAt), index("emails_created_idx").on(t.createdAt)],
);

export type Email = typeof emails.$inferSelect;
