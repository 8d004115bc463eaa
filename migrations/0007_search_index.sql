-- Full-text search over member posts and replies and owner drops (SQLite FTS5).
-- search_rows gives every searchable row a stable integer id, which is the FTS rowid, so the
-- triggers below update one document by key instead of scanning the index. The triggers keep the
-- index in step with the rows: only visible, undeleted posts and released or scheduled drops are
-- indexed; who may read each result is decided at query time by the same access check as pages.
CREATE TABLE `search_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`community_id` text NOT NULL,
	`space_id` text,
	`thread_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_rows_ref_idx` ON `search_rows` (`kind`,`ref_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_docs` USING fts5(`title`, `body`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `search_posts_insert` AFTER INSERT ON `posts`
WHEN new.status = 'visible' AND new.deleted_at IS NULL
BEGIN
  INSERT INTO search_rows (kind, ref_id, community_id, space_id, thread_id)
    VALUES ('post', new.id, new.community_id, new.space_id, coalesce(new.parent_id, new.id))
    ON CONFLICT (kind, ref_id) DO NOTHING;
  INSERT INTO search_docs (rowid, title, body)
    SELECT id, coalesce(new.title, ''), new.body FROM search_rows WHERE kind = 'post' AND ref_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_posts_update` AFTER UPDATE OF title, body, status, deleted_at ON `posts`
BEGIN
  DELETE FROM search_docs WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'post' AND ref_id = old.id);
  INSERT INTO search_rows (kind, ref_id, community_id, space_id, thread_id)
    SELECT 'post', new.id, new.community_id, new.space_id, coalesce(new.parent_id, new.id)
    WHERE new.status = 'visible' AND new.deleted_at IS NULL
    ON CONFLICT (kind, ref_id) DO NOTHING;
  INSERT INTO search_docs (rowid, title, body)
    SELECT id, coalesce(new.title, ''), new.body FROM search_rows
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
  INSERT INTO search_docs (rowid, title, body)
    SELECT id, new.title, new.body FROM search_rows WHERE kind = 'drop' AND ref_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_drops_update` AFTER UPDATE OF title, body, status ON `drops`
BEGIN
  DELETE FROM search_docs WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'drop' AND ref_id = old.id);
  INSERT INTO search_rows (kind, ref_id, community_id)
    SELECT 'drop', new.id, new.community_id WHERE new.status IN ('scheduled', 'published')
    ON CONFLICT (kind, ref_id) DO NOTHING;
  INSERT INTO search_docs (rowid, title, body)
    SELECT id, new.title, new.body FROM search_rows
    WHERE kind = 'drop' AND ref_id = new.id AND new.status IN ('scheduled', 'published');
END;
--> statement-breakpoint
CREATE TRIGGER `search_drops_delete` AFTER DELETE ON `drops`
BEGIN
  DELETE FROM search_docs WHERE rowid = (SELECT id FROM search_rows WHERE kind = 'drop' AND ref_id = old.id);
  DELETE FROM search_rows WHERE kind = 'drop' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO search_rows (kind, ref_id, community_id)
  SELECT 'drop', id, community_id FROM drops WHERE status IN ('scheduled', 'published');
--> statement-breakpoint
INSERT INTO search_docs (rowid, title, body)
  SELECT r.id, d.title, d.body FROM search_rows r JOIN drops d ON d.id = r.ref_id WHERE r.kind = 'drop';
