CREATE TABLE `insight_cohorts` (
	`community_id` text NOT NULL,
	`cohort` text NOT NULL,
	`age` integer NOT NULL,
	`size` integer NOT NULL,
	`members` integer NOT NULL,
	`active` integer NOT NULL,
	PRIMARY KEY(`community_id`, `cohort`, `age`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `insight_content_days` (
	`community_id` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`community_id`, `day`, `kind`, `key`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `insight_days` (
	`community_id` text NOT NULL,
	`day` text NOT NULL,
	`tier_id` text DEFAULT '' NOT NULL,
	`members` integer DEFAULT 0 NOT NULL,
	`paying` integer DEFAULT 0 NOT NULL,
	`mrr` integer DEFAULT 0 NOT NULL,
	`new_mrr` integer DEFAULT 0 NOT NULL,
	`expansion_mrr` integer DEFAULT 0 NOT NULL,
	`contraction_mrr` integer DEFAULT 0 NOT NULL,
	`churned_mrr` integer DEFAULT 0 NOT NULL,
	`reactivated_mrr` integer DEFAULT 0 NOT NULL,
	`joined` integer DEFAULT 0 NOT NULL,
	`churned_voluntary` integer DEFAULT 0 NOT NULL,
	`churned_involuntary` integer DEFAULT 0 NOT NULL,
	`recoveries` integer DEFAULT 0 NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`applications` integer DEFAULT 0 NOT NULL,
	`fees_paid` integer DEFAULT 0 NOT NULL,
	`approved` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`apps_joined` integer DEFAULT 0 NOT NULL,
	`retained_30` integer DEFAULT 0 NOT NULL,
	`retained_90` integer DEFAULT 0 NOT NULL,
	`decision_hours` text DEFAULT '[]' NOT NULL,
	`fee_revenue` integer DEFAULT 0 NOT NULL,
	`fee_refunds` integer DEFAULT 0 NOT NULL,
	`dau` integer DEFAULT 0 NOT NULL,
	`wau` integer DEFAULT 0 NOT NULL,
	`mau` integer DEFAULT 0 NOT NULL,
	`threads` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`staff_posts` integer DEFAULT 0 NOT NULL,
	`hours` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`community_id`, `tier_id`, `day`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `insight_member_months` (
	`community_id` text NOT NULL,
	`month` text NOT NULL,
	`email` text NOT NULL,
	`threads` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`reactions_given` integer DEFAULT 0 NOT NULL,
	`reactions_received` integer DEFAULT 0 NOT NULL,
	`votes` integer DEFAULT 0 NOT NULL,
	`views` integer DEFAULT 0 NOT NULL,
	`active_days` integer DEFAULT 0 NOT NULL,
	`layer` text NOT NULL,
	PRIMARY KEY(`community_id`, `month`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `insight_member_months_layer_idx` ON `insight_member_months` (`community_id`,`month`,`layer`,`active_days`);--> statement-breakpoint
CREATE TABLE `insight_members` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`last_active_day` text NOT NULL,
	`nudged_at` integer,
	PRIMARY KEY(`community_id`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `insight_members_last_active_idx` ON `insight_members` (`community_id`,`last_active_day`);--> statement-breakpoint
CREATE TABLE `insight_months` (
	`community_id` text NOT NULL,
	`month` text NOT NULL,
	`members` integer DEFAULT 0 NOT NULL,
	`leaders` integer DEFAULT 0 NOT NULL,
	`participants` integer DEFAULT 0 NOT NULL,
	`readers` integer DEFAULT 0 NOT NULL,
	`dormant` integer DEFAULT 0 NOT NULL,
	`moves` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`community_id`, `month`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `insight_progress` (
	`community_id` text PRIMARY KEY NOT NULL,
	`rolled_through` text,
	`queued_at` integer,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `insight_progress_rolled_idx` ON `insight_progress` (`rolled_through`);--> statement-breakpoint
CREATE TABLE `insight_top_items` (
	`community_id` text NOT NULL,
	`month` text NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`title` text NOT NULL,
	`readers` integer DEFAULT 0 NOT NULL,
	`replies` integer DEFAULT 0 NOT NULL,
	`reactions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `month`, `kind`, `ref_id`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `membership_ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`membership_id` text NOT NULL,
	`tier_id` text NOT NULL,
	`status` text NOT NULL,
	`mrr` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `membership_ledger_community_at_idx` ON `membership_ledger` (`community_id`,`at`);--> statement-breakpoint
CREATE INDEX `membership_ledger_membership_idx` ON `membership_ledger` (`membership_id`,`at`);