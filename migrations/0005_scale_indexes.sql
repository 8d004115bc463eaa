DROP INDEX `memberships_community_status_idx`;--> statement-breakpoint
CREATE INDEX `memberships_community_created_idx` ON `memberships` (`community_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `memberships_community_email_idx` ON `memberships` (`community_id`,`email`,`status`);--> statement-breakpoint
CREATE INDEX `memberships_seat_hold_idx` ON `memberships` (`status`,`seat_hold_until`);--> statement-breakpoint
CREATE INDEX `memberships_community_status_idx` ON `memberships` (`community_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tier_waitlist_offer_expiry_idx` ON `tier_waitlist` (`status`,`offer_expires_at`);--> statement-breakpoint
CREATE INDEX `experiments_status_idx` ON `experiments` (`status`,`mode`,`stopped_at`);