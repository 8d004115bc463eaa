CREATE TABLE `insight_partials` (
	`community_id` text NOT NULL,
	`chunk` text NOT NULL,
	`after` text NOT NULL,
	`shares` text NOT NULL,
	PRIMARY KEY(`community_id`, `chunk`, `after`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `insight_settings` (
	`community_id` text PRIMARY KEY NOT NULL,
	`drop_target` integer,
	`drop_period` text DEFAULT 'week' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `insight_visits` (
	`community_id` text NOT NULL,
	`day` text NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `day`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `insight_days` ADD `drops` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `insight_member_months` ADD `events_attended` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `insight_progress` ADD `chunk_from` text;--> statement-breakpoint
ALTER TABLE `insight_progress` ADD `chunk_to` text;--> statement-breakpoint
ALTER TABLE `insight_progress` ADD `cursor` text;--> statement-breakpoint
CREATE INDEX `membership_ledger_community_email_idx` ON `membership_ledger` (`community_id`,`email`,`at`);