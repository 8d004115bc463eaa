-- Honours: the point ledger (point_awards) keeps its aggregates in step by trigger, so every
-- writer (reactions, moderation, events, referrals) only inserts or deletes ledger rows and an
-- award written twice (ON CONFLICT DO NOTHING on its source) fires nothing the second time.
-- member_points.level is the level its points reach: the owner's levels (honour_levels) or, when a
-- community has none, the default nine of src/honours/levels.ts (DEFAULT_LEVELS; a test holds the
-- two in step). The rolling windows count a day while it is after honour_windows.through_*; the
-- daily job (src/honours/windows.ts) moves them on.
CREATE TRIGGER `honour_award_insert` AFTER INSERT ON `point_awards`
BEGIN
  INSERT INTO honour_windows (community_id, through_7d, through_30d) VALUES (new.community_id, new.day - 7, new.day - 30)
    ON CONFLICT (community_id) DO NOTHING;
  INSERT INTO point_days (community_id, day, email, points) VALUES (new.community_id, new.day, new.email, new.points)
    ON CONFLICT (community_id, day, email) DO UPDATE SET points = points + excluded.points;
  INSERT INTO member_points (community_id, email, points, points_7d, points_30d, level, notified_level, updated_at)
    VALUES (new.community_id, new.email, 0, 0, 0, 1, 1, new.at)
    ON CONFLICT (community_id, email) DO NOTHING;
  UPDATE member_points SET
      points = points + new.points,
      points_7d = points_7d + CASE WHEN new.day > (SELECT w.through_7d FROM honour_windows w WHERE w.community_id = new.community_id) THEN new.points ELSE 0 END,
      points_30d = points_30d + CASE WHEN new.day > (SELECT w.through_30d FROM honour_windows w WHERE w.community_id = new.community_id) THEN new.points ELSE 0 END,
      updated_at = max(updated_at, new.at)
    WHERE community_id = new.community_id AND email = new.email;
  UPDATE member_points SET level = coalesce((SELECT max(l.level) FROM honour_levels l WHERE l.community_id = new.community_id AND l.min_points <= member_points.points),
      CASE WHEN EXISTS (SELECT 1 FROM honour_levels l WHERE l.community_id = new.community_id) THEN 1
      ELSE 1 + (member_points.points >= 5) + (member_points.points >= 20) + (member_points.points >= 65) + (member_points.points >= 155) + (member_points.points >= 515) + (member_points.points >= 2015) + (member_points.points >= 8015) + (member_points.points >= 33015) END)
    WHERE community_id = new.community_id AND email = new.email;
END;
--> statement-breakpoint
CREATE TRIGGER `honour_award_delete` AFTER DELETE ON `point_awards`
BEGIN
  UPDATE point_days SET points = points - old.points
    WHERE community_id = old.community_id AND day = old.day AND email = old.email;
  UPDATE member_points SET
      points = points - old.points,
      points_7d = points_7d - CASE WHEN old.day > (SELECT w.through_7d FROM honour_windows w WHERE w.community_id = old.community_id) THEN old.points ELSE 0 END,
      points_30d = points_30d - CASE WHEN old.day > (SELECT w.through_30d FROM honour_windows w WHERE w.community_id = old.community_id) THEN old.points ELSE 0 END
    WHERE community_id = old.community_id AND email = old.email;
  UPDATE member_points SET level = coalesce((SELECT max(l.level) FROM honour_levels l WHERE l.community_id = old.community_id AND l.min_points <= member_points.points),
      CASE WHEN EXISTS (SELECT 1 FROM honour_levels l WHERE l.community_id = old.community_id) THEN 1
      ELSE 1 + (member_points.points >= 5) + (member_points.points >= 20) + (member_points.points >= 65) + (member_points.points >= 155) + (member_points.points >= 515) + (member_points.points >= 2015) + (member_points.points >= 8015) + (member_points.points >= 33015) END)
    WHERE community_id = old.community_id AND email = old.email;
END;
