CREATE TABLE `application_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`size` integer NOT NULL,
	`full_fee` integer NOT NULL,
	`group_fee` integer NOT NULL,
	`currency` text NOT NULL,
	`on_unfilled` text NOT NULL,
	`status` text NOT NULL,
	`deadline` integer NOT NULL,
	`started_by` text NOT NULL,
	`filled_at` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "application_groups_size" CHECK("application_groups"."size" between 2 and 5),
	CONSTRAINT "application_groups_fee" CHECK("application_groups"."group_fee" >= 0 and "application_groups"."group_fee" < "application_groups"."full_fee")
);
--> statement-breakpoint
CREATE INDEX `application_groups_due_idx` ON `application_groups` (`status`,`deadline`);--> statement-breakpoint
CREATE INDEX `application_groups_community_idx` ON `application_groups` (`community_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `gifts` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`tier_id` text NOT NULL,
	`months` integer NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`buyer_email` text NOT NULL,
	`recipient_email` text NOT NULL,
	`recipient_name` text NOT NULL,
	`message` text,
	`status` text NOT NULL,
	`token` text NOT NULL,
	`checkout_session_id` text,
	`payment_intent_id` text,
	`membership_id` text,
	`paid_at` integer,
	`redeemed_at` integer,
	`ends_at` integer,
	`ended_at` integer,
	`refunded_at` integer,
	`refund_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "gifts_months" CHECK("gifts"."months" between 1 and 12)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gifts_token_unique` ON `gifts` (`token`);--> statement-breakpoint
CREATE INDEX `gifts_recipient_idx` ON `gifts` (`community_id`,`recipient_email`,`status`);--> statement-breakpoint
CREATE INDEX `gifts_ending_idx` ON `gifts` (`status`,`ends_at`);--> statement-breakpoint
CREATE INDEX `gifts_checkout_idx` ON `gifts` (`checkout_session_id`);--> statement-breakpoint
CREATE INDEX `gifts_community_idx` ON `gifts` (`community_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `group_offers` (
	`community_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`size` integer NOT NULL,
	`group_fee` integer NOT NULL,
	`hours` integer NOT NULL,
	`on_unfilled` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `group_seats` (
	`group_id` text NOT NULL,
	`application_id` text NOT NULL,
	`seat` integer NOT NULL,
	`authorised_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `application_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_seats_application_id_unique` ON `group_seats` (`application_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `group_seats_seat` ON `group_seats` (`group_id`,`seat`);