DROP INDEX `posts_held_idx`;--> statement-breakpoint
CREATE INDEX `posts_held_idx` ON `posts` (`community_id`,`status`,`created_at`,`id`);