CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`drop_id` text NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	`deleted_by` text,
	FOREIGN KEY (`drop_id`) REFERENCES `drops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comments_drop_idx` ON `comments` (`drop_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `drop_files` (
	`id` text PRIMARY KEY NOT NULL,
	`drop_id` text NOT NULL,
	`r2_key` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`drop_id`) REFERENCES `drops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drop_files_r2_key_unique` ON `drop_files` (`r2_key`);--> statement-breakpoint
CREATE INDEX `drop_files_drop_idx` ON `drop_files` (`drop_id`);--> statement-breakpoint
CREATE TABLE `drop_notifications` (
	`drop_id` text NOT NULL,
	`email` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`drop_id`, `email`, `kind`),
	FOREIGN KEY (`drop_id`) REFERENCES `drops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `drop_targets` (
	`drop_id` text NOT NULL,
	`tier_id` text NOT NULL,
	`offset_hours` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`drop_id`, `tier_id`),
	FOREIGN KEY (`drop_id`) REFERENCES `drops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drop_targets_tier_idx` ON `drop_targets` (`tier_id`);--> statement-breakpoint
CREATE TABLE `drop_views` (
	`drop_id` text NOT NULL,
	`email` text NOT NULL,
	`views` integer DEFAULT 1 NOT NULL,
	`first_viewed_at` integer NOT NULL,
	`last_viewed_at` integer NOT NULL,
	PRIMARY KEY(`drop_id`, `email`),
	FOREIGN KEY (`drop_id`) REFERENCES `drops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `drops` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`topics` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`publish_at` integer,
	`published_at` integer,
	`drip_days` integer,
	`author_email` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drops_community_publish_idx` ON `drops` (`community_id`,`status`,`publish_at`);--> statement-breakpoint
CREATE INDEX `drops_due_idx` ON `drops` (`status`,`publish_at`);--> statement-breakpoint
CREATE TABLE `feed_tokens` (
	`token` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `feed_tokens_member_idx` ON `feed_tokens` (`community_id`,`email`);--> statement-breakpoint
CREATE TABLE `mutes` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`until` integer,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`community_id`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notification_prefs` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`mode` text DEFAULT 'each' NOT NULL,
	`unsubscribe_token` text NOT NULL,
	`last_digest_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`community_id`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_prefs_unsubscribe_token_unique` ON `notification_prefs` (`unsubscribe_token`);--> statement-breakpoint
CREATE TABLE `reactions` (
	`drop_id` text NOT NULL,
	`email` text NOT NULL,
	`emoji` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`drop_id`, `email`, `emoji`),
	FOREIGN KEY (`drop_id`) REFERENCES `drops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `experiment_assignments` (
	`experiment_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`email` text,
	`assigned_at` integer NOT NULL,
	`exposed_at` integer,
	`converted_at` integer,
	PRIMARY KEY(`experiment_id`, `visitor_id`),
	FOREIGN KEY (`experiment_id`) REFERENCES `experiments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `experiment_assignments_email_idx` ON `experiment_assignments` (`experiment_id`,`email`);--> statement-breakpoint
CREATE TABLE `experiment_conversions` (
	`id` text PRIMARY KEY NOT NULL,
	`experiment_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`source` text NOT NULL,
	`amount` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`experiment_id`) REFERENCES `experiments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `experiment_conversions_source_unique` ON `experiment_conversions` (`source`);--> statement-breakpoint
CREATE INDEX `experiment_conversions_exp_idx` ON `experiment_conversions` (`experiment_id`);--> statement-breakpoint
CREATE TABLE `experiment_daily` (
	`experiment_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`day` text NOT NULL,
	`exposures` integer DEFAULT 0 NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	`revenue` integer DEFAULT 0 NOT NULL,
	`weight` real NOT NULL,
	PRIMARY KEY(`experiment_id`, `variant_id`, `day`),
	FOREIGN KEY (`experiment_id`) REFERENCES `experiments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `experiment_snapshots` (
	`experiment_id` text NOT NULL,
	`day` text NOT NULL,
	`chance_to_be_best` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`experiment_id`, `day`),
	FOREIGN KEY (`experiment_id`) REFERENCES `experiments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `experiment_variants` (
	`id` text PRIMARY KEY NOT NULL,
	`experiment_id` text NOT NULL,
	`key` text NOT NULL,
	`position` integer NOT NULL,
	`price` integer NOT NULL,
	`weight` real NOT NULL,
	`is_control` integer DEFAULT false NOT NULL,
	`tier_price_id` text,
	`exposures` integer DEFAULT 0 NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	`revenue` integer DEFAULT 0 NOT NULL,
	`revenue_sq` real DEFAULT 0 NOT NULL,
	FOREIGN KEY (`experiment_id`) REFERENCES `experiments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `experiment_variants_exp_idx` ON `experiment_variants` (`experiment_id`,`position`);--> statement-breakpoint
CREATE TABLE `experiments` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`name` text NOT NULL,
	`target` text NOT NULL,
	`tier_id` text,
	`interval` text,
	`mode` text DEFAULT 'fixed' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`seed` text NOT NULL,
	`conversion_window_days` integer DEFAULT 14 NOT NULL,
	`max_duration_days` integer DEFAULT 42 NOT NULL,
	`refund_to_lowest` integer DEFAULT false NOT NULL,
	`auto_promote` integer DEFAULT false NOT NULL,
	`winner_variant_id` text,
	`started_at` integer,
	`stopped_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `experiments_community_idx` ON `experiments` (`community_id`,`status`);--> statement-breakpoint
ALTER TABLE `applications` ADD `experiment_variant_id` text;--> statement-breakpoint
ALTER TABLE `applications` ADD `visitor_id` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `experiment_variant_id` text;--> statement-breakpoint
ALTER TABLE `memberships` ADD `visitor_id` text;