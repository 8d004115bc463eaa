CREATE TABLE `event_calendar_tokens` (
	`token` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_calendar_tokens_member_idx` ON `event_calendar_tokens` (`community_id`,`email`);--> statement-breakpoint
CREATE TABLE `event_reminders` (
	`event_id` text NOT NULL,
	`email` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `email`, `kind`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `event_rsvps` (
	`id` text NOT NULL,
	`event_id` text NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`status` text NOT NULL,
	`seq` integer NOT NULL,
	`hold_until` integer,
	`checkout_session_id` text,
	`checkout_attempts` integer DEFAULT 0 NOT NULL,
	`payment_intent_id` text,
	`paid_amount` integer DEFAULT 0 NOT NULL,
	`refund_status` text,
	`refund_id` text,
	`attended_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`event_id`, `email`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_rsvps_id_idx` ON `event_rsvps` (`id`);--> statement-breakpoint
CREATE INDEX `event_rsvps_status_idx` ON `event_rsvps` (`event_id`,`status`,`seq`);--> statement-breakpoint
CREATE INDEX `event_rsvps_member_idx` ON `event_rsvps` (`community_id`,`email`);--> statement-breakpoint
CREATE INDEX `event_rsvps_session_idx` ON `event_rsvps` (`checkout_session_id`);--> statement-breakpoint
CREATE INDEX `event_rsvps_hold_idx` ON `event_rsvps` (`status`,`hold_until`);--> statement-breakpoint
CREATE INDEX `event_rsvps_refund_idx` ON `event_rsvps` (`refund_status`);--> statement-breakpoint
CREATE TABLE `event_settings` (
	`community_id` text PRIMARY KEY NOT NULL,
	`members_create` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`link` text DEFAULT '' NOT NULL,
	`time_zone` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer,
	`waitlist` integer DEFAULT true NOT NULL,
	`min_rank` integer,
	`tier_id` text,
	`price_amount` integer DEFAULT 0 NOT NULL,
	`currency` text DEFAULT 'usd' NOT NULL,
	`host_email` text NOT NULL,
	`day_reminder_queued_at` integer,
	`hour_reminder_queued_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `events_community_start_idx` ON `events` (`community_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `events_start_idx` ON `events` (`starts_at`);--> statement-breakpoint
ALTER TABLE `member_activity_daily` ADD `events_attended` integer DEFAULT 0 NOT NULL;