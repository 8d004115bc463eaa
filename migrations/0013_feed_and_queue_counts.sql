CREATE TABLE `application_counts` (
	`community_id` text NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `status`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `drops_community_time_idx` ON `drops` (`community_id`,`publish_at`,`id`);