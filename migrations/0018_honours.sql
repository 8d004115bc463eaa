CREATE TABLE `honour_levels` (
	`community_id` text NOT NULL,
	`level` integer NOT NULL,
	`min_points` integer NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`community_id`, `level`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `honour_windows` (
	`community_id` text PRIMARY KEY NOT NULL,
	`through_7d` integer NOT NULL,
	`through_30d` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `honour_windows_7d_idx` ON `honour_windows` (`through_7d`);--> statement-breakpoint
CREATE INDEX `honour_windows_30d_idx` ON `honour_windows` (`through_30d`);--> statement-breakpoint
CREATE TABLE `member_badges` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`awarded_by` text NOT NULL,
	`awarded_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_badges_once_idx` ON `member_badges` (`community_id`,`email`,`name`);--> statement-breakpoint
CREATE TABLE `member_points` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`points_7d` integer DEFAULT 0 NOT NULL,
	`points_30d` integer DEFAULT 0 NOT NULL,
	`level` integer DEFAULT 1 NOT NULL,
	`notified_level` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`community_id`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_points_all_idx` ON `member_points` (`community_id`,`points`,`email`);--> statement-breakpoint
CREATE INDEX `member_points_7d_idx` ON `member_points` (`community_id`,`points_7d`,`email`);--> statement-breakpoint
CREATE INDEX `member_points_30d_idx` ON `member_points` (`community_id`,`points_30d`,`email`);--> statement-breakpoint
CREATE TABLE `point_awards` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`points` integer NOT NULL,
	`reason` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text NOT NULL,
	`post_id` text,
	`at` integer NOT NULL,
	`day` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `point_awards_source_idx` ON `point_awards` (`community_id`,`source_kind`,`source_id`);--> statement-breakpoint
CREATE INDEX `point_awards_post_idx` ON `point_awards` (`post_id`);--> statement-breakpoint
CREATE TABLE `point_days` (
	`community_id` text NOT NULL,
	`day` integer NOT NULL,
	`email` text NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `day`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `drops` ADD `min_level` integer;--> statement-breakpoint
ALTER TABLE `spaces` ADD `read_min_level` integer;