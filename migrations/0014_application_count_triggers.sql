-- Keeps application_counts (drizzle/applications.ts) equal to
-- `SELECT community_id, status, count(*) FROM applications GROUP BY 1, 2` on every write path,
-- including bulk SQL and cascades, without each writer remembering to do it.
INSERT INTO `application_counts` (`community_id`, `status`, `n`)
SELECT `community_id`, `status`, count(*) FROM `applications` GROUP BY `community_id`, `status`;
--> statement-breakpoint
CREATE TRIGGER `application_counts_insert` AFTER INSERT ON `applications`
BEGIN
  INSERT INTO `application_counts` (`community_id`, `status`, `n`) VALUES (new.`community_id`, new.`status`, 1)
  ON CONFLICT (`community_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `application_counts_update` AFTER UPDATE OF `status`, `community_id` ON `applications`
WHEN old.`status` IS NOT new.`status` OR old.`community_id` IS NOT new.`community_id`
BEGIN
  UPDATE `application_counts` SET `n` = `n` - 1 WHERE `community_id` = old.`community_id` AND `status` = old.`status`;
  INSERT INTO `application_counts` (`community_id`, `status`, `n`) VALUES (new.`community_id`, new.`status`, 1)
  ON CONFLICT (`community_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `application_counts_delete` AFTER DELETE ON `applications`
BEGIN
  UPDATE `application_counts` SET `n` = `n` - 1 WHERE `community_id` = old.`community_id` AND `status` = old.`status`;
END;
