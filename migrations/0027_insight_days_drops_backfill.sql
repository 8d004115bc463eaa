-- insight_days.drops is new: fill it for the days already rolled up, from the drops published
-- on each day (the rollup counts the same for the days it writes from now on). By the
-- (community_id, status, publish_at) index, one range per rolled-up day.
UPDATE `insight_days` SET `drops` = (
  SELECT count(*) FROM `drops` d
  WHERE d.community_id = insight_days.community_id AND d.status = 'published'
    AND d.publish_at >= CAST(strftime('%s', insight_days.day) AS INTEGER) * 1000
    AND d.publish_at < (CAST(strftime('%s', insight_days.day) AS INTEGER) + 86400) * 1000
) WHERE `tier_id` = '';
--> statement-breakpoint
-- Attending an event now makes a member a participant: roll every community's history up again
-- (the cron's next run backfills it, a bounded step per queue message; every other figure comes
-- out the same).
UPDATE `insight_progress` SET `rolled_through` = NULL, `chunk_from` = NULL, `chunk_to` = NULL, `cursor` = NULL, `queued_at` = NULL;
