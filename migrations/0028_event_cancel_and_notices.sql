PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`kind` text NOT NULL,
	`post_id` text,
	`event_id` text,
	`level` integer,
	`actor_email` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`emailed_at` integer,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "community_id", "email", "kind", "post_id", "event_id", "level", "actor_email", "created_at", "read_at", "emailed_at") SELECT "id", "community_id", "email", "kind", "post_id", NULL, NULL, "actor_email", "created_at", "read_at", "emailed_at" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_once_idx` ON `notifications` (`email`,`kind`,`post_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_event_once_idx` ON `notifications` (`email`,`kind`,`event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_level_once_idx` ON `notifications` (`community_id`,`email`,`kind`,`level`);--> statement-breakpoint
CREATE INDEX `notifications_inbox_idx` ON `notifications` (`community_id`,`email`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_unemailed_idx` ON `notifications` (`emailed_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`community_id`,`email`) WHERE read_at is null;--> statement-breakpoint
ALTER TABLE `events` ADD `cancelled_at` integer;