DROP INDEX `applications_community_created_idx`;--> statement-breakpoint
CREATE INDEX `applications_community_created_idx` ON `applications` (`community_id`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `audit_log_community_idx`;--> statement-breakpoint
CREATE INDEX `audit_log_community_idx` ON `audit_log` (`community_id`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `notifications_inbox_idx`;--> statement-breakpoint
CREATE INDEX `notifications_inbox_idx` ON `notifications` (`community_id`,`email`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `posts_space_threads_idx`;--> statement-breakpoint
DROP INDEX `posts_space_activity_idx`;--> statement-breakpoint
DROP INDEX `posts_community_created_idx`;--> statement-breakpoint
DROP INDEX `posts_community_activity_idx`;--> statement-breakpoint
CREATE INDEX `posts_space_threads_idx` ON `posts` (`space_id`,`parent_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `posts_space_activity_idx` ON `posts` (`space_id`,`parent_id`,`status`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `posts_community_created_idx` ON `posts` (`community_id`,`parent_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `posts_community_activity_idx` ON `posts` (`community_id`,`parent_id`,`status`,`last_activity_at`,`id`);