DROP INDEX `events_community_start_idx`;--> statement-breakpoint
CREATE INDEX `events_community_start_idx` ON `events` (`community_id`,`starts_at`,`id`);