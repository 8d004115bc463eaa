CREATE TABLE `member_profiles` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`display_name_key` text NOT NULL,
	`bio` text,
	`avatar_key` text,
	`avatar_type` text,
	`avatar_size` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`community_id`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_profiles_name_key` ON `member_profiles` (`community_id`,`display_name_key`);--> statement-breakpoint
CREATE INDEX `member_profiles_avatar_idx` ON `member_profiles` (`avatar_key`);--> statement-breakpoint
CREATE INDEX `applications_community_name_idx` ON `applications` (`community_id`,lower("name"));