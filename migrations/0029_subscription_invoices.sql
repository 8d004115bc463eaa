CREATE TABLE `subscription_invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`membership_id` text NOT NULL,
	`email` text NOT NULL,
	`tier_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`paid_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscription_invoices_community_paid_idx` ON `subscription_invoices` (`community_id`,`paid_at`);--> statement-breakpoint
ALTER TABLE `insight_days` ADD `subscription_revenue` integer DEFAULT 0 NOT NULL;