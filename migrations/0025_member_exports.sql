CREATE TABLE `member_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`tier_id` text,
	`member_status` text,
	`status` text NOT NULL,
	`chunks` integer DEFAULT 0 NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`bytes` integer DEFAULT 0 NOT NULL,
	`cursor` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_at` integer,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `member_exports_community_created_idx` ON `member_exports` (`community_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `member_exports_expires_idx` ON `member_exports` (`expires_at`);--> statement-breakpoint
CREATE INDEX `member_exports_status_updated_idx` ON `member_exports` (`status`,`updated_at`);