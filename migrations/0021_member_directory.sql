CREATE TABLE `directory_settings` (
	`community_id` text PRIMARY KEY NOT NULL,
	`min_rank` integer,
	`intro_space_id` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `profile_answers` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`question_id` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`community_id`, `email`, `question_id`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `profile_facets` (
	`community_id` text NOT NULL,
	`question_id` text NOT NULL,
	`value_key` text NOT NULL,
	`email` text NOT NULL,
	`label` text NOT NULL,
	`sort_key` integer NOT NULL,
	`public_id` text NOT NULL,
	PRIMARY KEY(`community_id`, `question_id`, `value_key`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `profile_facets_order_idx` ON `profile_facets` (`community_id`,`question_id`,`value_key`,`sort_key`,`public_id`);--> statement-breakpoint
CREATE INDEX `profile_facets_member_idx` ON `profile_facets` (`community_id`,`email`);--> statement-breakpoint
ALTER TABLE `questions` ADD `profile_role` text;--> statement-breakpoint
ALTER TABLE `member_profiles` ADD `public_id` text;--> statement-breakpoint
ALTER TABLE `member_profiles` ADD `city` text;--> statement-breakpoint
ALTER TABLE `member_profiles` ADD `links` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `member_profiles_public_idx` ON `member_profiles` (`community_id`,`public_id`);--> statement-breakpoint
CREATE INDEX `member_profiles_directory_idx` ON `member_profiles` (`community_id`,`created_at`,`public_id`);