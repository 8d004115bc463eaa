CREATE TABLE `checkout_discounts` (
	`subject_id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`list_amount` integer NOT NULL,
	`discount_amount` integer NOT NULL,
	`stripe_coupon_id` text,
	`stripe_promotion_code_id` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `promotion_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`code` text NOT NULL,
	`target` text NOT NULL,
	`tier_id` text,
	`percent_off` integer,
	`amount_off` integer,
	`currency` text NOT NULL,
	`expires_at` integer,
	`max_redemptions` integer,
	`first_time_only` integer DEFAULT false NOT NULL,
	`redeemed` integer DEFAULT 0 NOT NULL,
	`discount_total` integer DEFAULT 0 NOT NULL,
	`revenue` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`stripe_coupon_id` text NOT NULL,
	`stripe_promotion_code_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tier_id`) REFERENCES `tiers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promotion_codes_code_idx` ON `promotion_codes` (`community_id`,`code`);--> statement-breakpoint
CREATE INDEX `promotion_codes_created_idx` ON `promotion_codes` (`community_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `promotion_redemptions` (
	`id` text PRIMARY KEY NOT NULL,
	`code_id` text NOT NULL,
	`email` text NOT NULL,
	`application_id` text,
	`membership_id` text,
	`list_amount` integer NOT NULL,
	`discount_amount` integer NOT NULL,
	`paid_amount` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`code_id`) REFERENCES `promotion_codes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promotion_redemptions_application_id_unique` ON `promotion_redemptions` (`application_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `promotion_redemptions_membership_id_unique` ON `promotion_redemptions` (`membership_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `promotion_redemptions_once` ON `promotion_redemptions` (`code_id`,`email`);--> statement-breakpoint
CREATE TABLE `referral_links` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`token` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_links_token_unique` ON `referral_links` (`token`);--> statement-breakpoint
CREATE UNIQUE INDEX `referral_links_one_live` ON `referral_links` (`community_id`,`email`) WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX `referral_links_email_idx` ON `referral_links` (`community_id`,`email`);--> statement-breakpoint
CREATE TABLE `referral_programs` (
	`community_id` text PRIMARY KEY NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`referee_target` text DEFAULT 'fee' NOT NULL,
	`referee_percent_off` integer,
	`referee_amount_off` integer,
	`reward_kind` text DEFAULT 'credit' NOT NULL,
	`reward_value` integer DEFAULT 0 NOT NULL,
	`refund_window_days` integer DEFAULT 30 NOT NULL,
	`referee_coupon_id` text,
	`reward_coupon_id` text,
	`updated_at` integer NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`community_id` text NOT NULL,
	`link_id` text NOT NULL,
	`referrer_email` text NOT NULL,
	`referred_email` text NOT NULL,
	`application_id` text NOT NULL,
	`membership_id` text,
	`status` text DEFAULT 'applied' NOT NULL,
	`discount_amount` integer DEFAULT 0 NOT NULL,
	`first_invoice_id` text,
	`first_payment_intent_id` text,
	`first_payment_amount` integer,
	`reward_kind` text,
	`reward_amount` integer,
	`reward_stripe_id` text,
	`reversal_stripe_id` text,
	`window_ends_at` integer,
	`note` text,
	`rewarded_at` integer,
	`reversed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`link_id`) REFERENCES `referral_links`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`membership_id`) REFERENCES `memberships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referrals_application_id_unique` ON `referrals` (`application_id`);--> statement-breakpoint
CREATE INDEX `referrals_referrer_idx` ON `referrals` (`community_id`,`referrer_email`,`created_at`);--> statement-breakpoint
CREATE INDEX `referrals_referred_idx` ON `referrals` (`community_id`,`referred_email`);--> statement-breakpoint
CREATE INDEX `referrals_payment_idx` ON `referrals` (`first_payment_intent_id`);--> statement-breakpoint
CREATE INDEX `referrals_status_idx` ON `referrals` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `referrer_totals` (
	`community_id` text NOT NULL,
	`email` text NOT NULL,
	`brought` integer DEFAULT 0 NOT NULL,
	`joined` integer DEFAULT 0 NOT NULL,
	`discount_total` integer DEFAULT 0 NOT NULL,
	`credit_total` integer DEFAULT 0 NOT NULL,
	`revenue` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`community_id`, `email`),
	FOREIGN KEY (`community_id`) REFERENCES `communities`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `referrer_totals_rank_idx` ON `referrer_totals` (`community_id`,`joined`,`brought`);