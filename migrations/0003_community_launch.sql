ALTER TABLE `communities` ADD `status` text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE `communities` ADD `published_at` integer;--> statement-breakpoint
ALTER TABLE `communities` ADD `host_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `communities` ADD `terms_url` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `communities` ADD `privacy_url` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `communities` ADD `contact_email` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `communities` ADD `review_days` integer;