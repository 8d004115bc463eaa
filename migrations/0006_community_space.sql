CREATE TABLE `member_activity_daily` (
	`community_id` text NOT NULL,
	`day` text NOT NULL,
	`email` text NOT NULL,
	`posts` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`reactions_given` integer DEFAULT 0 NOT NULL,
	`reactions_received` integer DEFAULT 0 NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	`thread_views` integer DEFAULT 0 NOT NULL,
	`drop_views` integer DEFAULT 0 NOT NULL,
	`sign_ins` integer DEFAULT 0 NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `day`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_activity_member_idx` ON `member_activity_daily` (`community_id`,`email`,`day`);--> statement-breakpoint
CREATE TABLE `member_post_counts` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`written` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`kind` text NOT NULL,
	`post_id` text NOT NULL,
	`actor_email` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`emailed_at` integer,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once_idx` ON `notifications` (`email`,`kind`,`post_id`);--> statement-breakpoint
CREATE INDEX `notifications_inbox_idx` ON `notifications` (`community_id`,`email`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_unemailed_idx` ON `notifications` (`emailed_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `poll_options` (
	`id` text PRIMARY KEY NOT NULL,
	`post_id` text NOT NULL,
	`position` integer NOT NULL,
	`label` text NOT NULL,
	`vote_count` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `polls`(`post_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `poll_options_post_idx` ON `poll_options` (`post_id`,`position`);--> statement-breakpoint
CREATE TABLE `poll_votes` (
	`post_id` text NOT NULL,
	`option_id` text NOT NULL,
	`email` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`post_id`, `email`, `option_id`),
	FOREIGN KEY (`post_id`) REFERENCES `polls`(`post_id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`option_id`) REFERENCES `poll_options`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `polls` (
	`post_id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`question` text NOT NULL,
	`kind` text DEFAULT 'single' NOT NULL,
	`results` text DEFAULT 'after_vote' NOT NULL,
	`closes_at` integer,
	`voter_count` integer DEFAULT 0 NOT NULL,
	`closed_notified_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `polls_closing_idx` ON `polls` (`closed_notified_at`,`closes_at`);--> statement-breakpoint
CREATE TABLE `post_files` (
	`id` text PRIMARY KEY NOT NULL,
	`post_id` text NOT NULL,
	`r2_key` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `post_files_r2_key_unique` ON `post_files` (`r2_key`);--> statement-breakpoint
CREATE INDEX `post_files_post_idx` ON `post_files` (`post_id`);--> statement-breakpoint
CREATE TABLE `post_reactions` (
	`post_id` text NOT NULL,
	`email` text NOT NULL,
	`emoji` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`post_id`, `email`, `emoji`),
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `posts` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`space_id` text NOT NULL,
	`parent_id` text,
	`author_email` text NOT NULL,
	`title` text,
	`body` text NOT NULL,
	`status` text DEFAULT 'visible' NOT NULL,
	`held_reason` text,
	`removed_reason` text,
	`removed_by` text,
	`removed_at` integer,
	`deleted_at` integer,
	`pinned_at` integer,
	`locked_at` integer,
	`edited_at` integer,
	`reply_count` integer DEFAULT 0 NOT NULL,
	`reaction_count` integer DEFAULT 0 NOT NULL,
	`last_activity_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `posts_space_threads_idx` ON `posts` (`space_id`,`parent_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_space_activity_idx` ON `posts` (`space_id`,`parent_id`,`status`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `posts_parent_idx` ON `posts` (`parent_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_community_created_idx` ON `posts` (`community_id`,`parent_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_community_activity_idx` ON `posts` (`community_id`,`parent_id`,`status`,`last_activity_at`);--> statement-breakpoint
CREATE INDEX `posts_author_idx` ON `posts` (`community_id`,`author_email`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_held_idx` ON `posts` (`community_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`post_id` text NOT NULL,
	`reporter_email` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolution` text,
	`resolved_by` text,
	`resolved_at` integer,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_once_idx` ON `reports` (`post_id`,`reporter_email`);--> statement-breakpoint
CREATE INDEX `reports_open_idx` ON `reports` (`community_id`,`resolved_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `space_reads` (
	`space_id` text NOT NULL,
	`email` text NOT NULL,
	`last_read_at` integer NOT NULL,
	PRIMARY KEY(`space_id`, `email`),
	FOREIGN KEY (`space_id`) REFERENCES `spaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `space_settings` (
	`community_id` text PRIMARY KEY NOT NULL,
	`hold_first_posts` integer DEFAULT 0 NOT NULL,
	`hold_links_days` integer DEFAULT 0 NOT NULL,
	`posts_per_hour` integer DEFAULT 20 NOT NULL,
	`edit_minutes` integer DEFAULT 30 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `spaces` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`emoji` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`read_kind` text DEFAULT 'rank' NOT NULL,
	`read_min_rank` integer,
	`read_tier_id` text,
	`post_kind` text DEFAULT 'rank' NOT NULL,
	`post_min_rank` integer,
	`post_tier_id` text,
	`thread_count` integer DEFAULT 0 NOT NULL,
	`last_post_at` integer,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`read_tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`post_tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spaces_community_slug_idx` ON `spaces` (`community_id`,`slug`);--> statement-breakpoint
CREATE INDEX `spaces_community_position_idx` ON `spaces` (`community_id`,`position`);--> statement-breakpoint
CREATE TABLE `thread_follows` (
	`post_id` text NOT NULL,
	`email` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`post_id`, `email`),
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
