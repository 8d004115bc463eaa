ALTER TABLE `insight_days` ADD `subscription_refunds` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `subscription_invoices` ADD `payment_intent_id` text;--> statement-breakpoint
ALTER TABLE `subscription_invoices` ADD `refunded` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `subscription_invoices` ADD `refunded_at` integer;--> statement-breakpoint
CREATE INDEX `subscription_invoices_community_refunded_idx` ON `subscription_invoices` (`community_id`,`refunded_at`);--> statement-breakpoint
CREATE INDEX `subscription_invoices_intent_idx` ON `subscription_invoices` (`payment_intent_id`);