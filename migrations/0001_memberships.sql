CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_log_community_idx` ON `audit_log` (`community_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `bans` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`community_id`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`tier_id` text NOT NULL,
	`price_id` text,
	`status` text NOT NULL,
	`comped` integer DEFAULT false NOT NULL,
	`application_id` text,
	`stripe_customer_id` text,
	`stripe_subscription_id` text,
	`checkout_session_id` text,
	`seat_hold_until` integer,
	`current_period_end` integer,
	`cancel_at_period_end` integer DEFAULT false NOT NULL,
	`past_due_since` integer,
	`pending_price_id` text,
	`pending_price_at` integer,
	`joined_at` integer,
	`ended_at` integer,
	`ended_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`price_id`) REFERENCES `tier_prices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pending_price_id`) REFERENCES `tier_prices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_stripe_subscription_id_unique` ON `memberships` (`stripe_subscription_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_one_live_per_email` ON `memberships` (`community_id`,`email`) WHERE status in ('incomplete', 'trialing', 'active', 'past_due', 'unpaid');--> statement-breakpoint
CREATE INDEX `memberships_tier_status_idx` ON `memberships` (`tier_id`,`status`);--> statement-breakpoint
CREATE INDEX `memberships_community_status_idx` ON `memberships` (`community_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `memberships_email_idx` ON `memberships` (`email`);--> statement-breakpoint
CREATE INDEX `memberships_pending_price_idx` ON `memberships` (`pending_price_at`);--> statement-breakpoint
CREATE TABLE `stripe_customers` (
	`email` text PRIMARY KEY NOT NULL,
	`stripe_customer_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stripe_customers_stripe_customer_id_unique` ON `stripe_customers` (`stripe_customer_id`);--> statement-breakpoint
CREATE TABLE `tier_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`tier_id` text NOT NULL,
	`token` text NOT NULL,
	`email` text,
	`max_uses` integer DEFAULT 1 NOT NULL,
	`uses` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tier_invites_token_unique` ON `tier_invites` (`token`);--> statement-breakpoint
CREATE INDEX `tier_invites_tier_idx` ON `tier_invites` (`tier_id`);--> statement-breakpoint
CREATE TABLE `tier_prices` (
	`id` text PRIMARY KEY NOT NULL,
	`tier_id` text NOT NULL,
	`interval` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`stripe_price_id` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tier_prices_stripe_price_id_unique` ON `tier_prices` (`stripe_price_id`);--> statement-breakpoint
CREATE INDEX `tier_prices_tier_idx` ON `tier_prices` (`tier_id`,`interval`,`active`);--> statement-breakpoint
CREATE TABLE `tier_waitlist` (
	`id` text PRIMARY KEY NOT NULL,
	`tier_id` text NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`status` text NOT NULL,
	`offer_expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tier_waitlist_one_open` ON `tier_waitlist` (`tier_id`,`email`) WHERE status in ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX `tier_waitlist_queue_idx` ON `tier_waitlist` (`tier_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `tiers` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`perks` text DEFAULT '[]' NOT NULL,
	`rank` integer NOT NULL,
	`visibility` text DEFAULT 'public' NOT NULL,
	`capacity` integer,
	`trial_days` integer DEFAULT 0 NOT NULL,
	`currency` text NOT NULL,
	`stripe_product_id` text,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `tiers_community_rank_idx` ON `tiers` (`community_id`,`rank`);--> statement-breakpoint
ALTER TABLE `communities` ADD `grace_days` integer DEFAULT 7 NOT NULL;