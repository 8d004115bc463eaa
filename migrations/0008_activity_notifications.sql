ALTER TABLE `emails` ADD `headers` text;--> statement-breakpoint
ALTER TABLE `notification_prefs` ADD `activity_mode` text DEFAULT 'each' NOT NULL;--> statement-breakpoint
ALTER TABLE `notification_prefs` ADD `activity_digest_due_at` integer;--> statement-breakpoint
CREATE INDEX `notification_prefs_digest_due_idx` ON `notification_prefs` (`activity_digest_due_at`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`community_id`,`email`) WHERE read_at is null;