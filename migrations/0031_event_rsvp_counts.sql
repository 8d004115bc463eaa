CREATE TABLE `event_rsvp_counts` (
	`event_id` text NOT NULL,
	`status` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`event_id`, `status`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Keeps event_rsvp_counts (drizzle/events.ts) equal to
-- `SELECT event_id, status, count(*) FROM event_rsvps GROUP BY 1, 2` on every write path,
-- including bulk SQL and cascades, without each writer remembering to do it.
INSERT INTO `event_rsvp_counts` (`event_id`, `status`, `n`)
SELECT `event_id`, `status`, count(*) FROM `event_rsvps` GROUP BY `event_id`, `status`;
--> statement-breakpoint
CREATE TRIGGER `event_rsvp_counts_insert` AFTER INSERT ON `event_rsvps`
BEGIN
  INSERT INTO `event_rsvp_counts` (`event_id`, `status`, `n`) VALUES (new.`event_id`, new.`status`, 1)
  ON CONFLICT (`event_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `event_rsvp_counts_update` AFTER UPDATE OF `status`, `event_id` ON `event_rsvps`
WHEN old.`status` IS NOT new.`status` OR old.`event_id` IS NOT new.`event_id`
BEGIN
  UPDATE `event_rsvp_counts` SET `n` = `n` - 1 WHERE `event_id` = old.`event_id` AND `status` = old.`status`;
  INSERT INTO `event_rsvp_counts` (`event_id`, `status`, `n`) VALUES (new.`event_id`, new.`status`, 1)
  ON CONFLICT (`event_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `event_rsvp_counts_delete` AFTER DELETE ON `event_rsvps`
BEGIN
  UPDATE `event_rsvp_counts` SET `n` = `n` - 1 WHERE `event_id` = old.`event_id` AND `status` = old.`status`;
END;
