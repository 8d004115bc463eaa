-- Search stays inside one community at any size: the index gets a third column, `scope`, holding
-- the community id, and every query matches `scope:"<community id>" AND (terms)`. Without it,
-- a search in one community walks the matches of every other community sharing the database
-- before it finds its own (the join on search_rows filters one row at a time); with it, FTS5
-- intersects the two doclists and stops after one page. Same triggers as 0007, plus the scope.
DROP TRIGGER `search_posts_insert`;
--> statement-breakpoint
DROP TRIGGER `search_posts_update`;
--> statement-breakpoint
DROP TRIGGER `search_posts_delete`;
--> statement-breakpoint
DROP TRIGGER `search_drops_insert`;
--> statement-breakpoint
DROP TRIGGER `search_drops_update`;
--> statement-breakpoint
DROP TRIGGER `search_drops_delete`;
--> statement-breakpoint
DROP TABLE `search_docs`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_docs` USING fts5(`title`, `body`, `scope`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `search_posts_insert` AFTER INSERT ON `posts`
WHEN new.status = 'visible' AND new.deleted_at IS NULL
BEGIN
  INSERT INTO search_rows (kind, ref_id, community_id, space_id, thread_id)
    VALUES ('post', new.id, new.community_id, new.space_id, coalesce(new.parent_id, new.id))
    ON CONFLICT (kind, ref_id) DO NOTHING;
  INSERT INTO search_docs (rowid, title, body, scope)
    SELECT id, coalesce(new.title, ''), new.body, new.community_id FROM search_rows WHERE kind = 'post' AND ref_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_update` AFTER UPDATE OF title, body, status, deleted_at ON `posts`
BEGIN
  DELETE FROM search_docs WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'post' AND ref_id = old.id);
  INSERT INTO search_rows (kind, ref_id, community_id, space_id, thread_id)
    SELECT 'post', new.id, new.community_id, new.space_id, coalesce(new.parent_id, new.id)
    WHERE new.status = 'visible' AND new.deleted_at IS NULL
    ON CONFLICT (kind, ref_id) DO NOTHING;
  INSERT INTO search_docs (rowid, title, body, scope)
    SELECT id, coalesce(new.title, ''), new.body, new.community_id FROM search_rows
    WHERE kind = 'post' AND ref_id = new.id AND new.status = 'visible' AND new.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_delete` AFTER DELETE ON `posts`
BEGIN
  DELETE FROM search_docs WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'post' AND ref_id = old.id);
  DELETE FROM search_rows WHERE kind = 'post' AND ref_id = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_drops_insert` AFTER INSERT ON `drops`
WHEN new.status IN ('scheduled', 'published')
BEGIN
  INSERT INTO search_rows (kind, ref_id, community_id) VALUES ('drop', new.id, new.community_id)
    ON CONFLICT (kind, ref_id) DO NOTHING;
  INSERT INTO search_docs (rowid, title, body, scope)
    SELECT id, new.title, new.body, new.community_id FROM search_rows WHERE kind = 'drop' AND ref_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_drops_update` AFTER UPDATE OF title, body, status ON `drops`
BEGIN
  DELETE FROM search_docs WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'drop' AND ref_id = old.id);
  INSERT INTO search_rows (kind, ref_id, community_id)
    SELECT 'drop', new.id, new.community_id WHERE new.status IN ('scheduled', 'published')
    ON CONFLICT (kind, ref_id) DO NOTHING;
  INSERT INTO search_docs (rowid, title, body, scope)
    SELECT id, new.title, new.body, new.community_id FROM search_rows
    WHERE kind = 'drop' AND ref_id = new.id AND new.status IN ('scheduled', 'published');
END;
--> statement-breakpoint
CREATE TRIGGER `search_drops_delete` AFTER DELETE ON `drops`
BEGIN
  DELETE FROM search_docs WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'drop' AND ref_id = old.id);
  DELETE FROM search_rows WHERE kind = 'drop' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO search_docs (rowid, title, body, scope)
  SELECT r.id, coalesce(p.title, ''), p.body, p.community_id FROM search_rows r JOIN posts p ON p.id = r.ref_id WHERE r.kind = 'post';
--> statement-breakpoint
INSERT INTO search_docs (rowid, title, body, scope)
  SELECT r.id, d.title, d.body, d.community_id FROM search_rows r JOIN drops d ON d.id = r.ref_id WHERE r.kind = 'drop';
