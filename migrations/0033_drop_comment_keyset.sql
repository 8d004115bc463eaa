DROP INDEX `comments_drop_idx`;--> statement-breakpoint
CREATE INDEX `comments_drop_idx` ON `comments` (`drop_id`,`created_at`,`id`);