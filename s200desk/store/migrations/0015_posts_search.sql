-- optional: fts5-trigram
-- 0015: a trigram index of what the posts list's search box looks in (caption, handle, platform),
-- so a search answers from the index rather than reading every post (LIKE '%…%' cannot seek:
-- 40-88 ms at 100,000 posts). FTS5's trigram tokenizer needs SQLite 3.34; on an older one the
-- migration is recorded without running and the list keeps searching with LIKE
-- (store.post_search). External content: the index holds no second copy of the text, and
-- triggers keep it in step with every write to posts. Every statement is idempotent because
-- post_search runs this file again when a store comes back to a SQLite that has the tokenizer.

CREATE VIRTUAL TABLE IF NOT EXISTS posts_search USING fts5 (
    caption, account_id, platform,
    content = 'posts', content_rowid = 'rowid', tokenize = 'trigram'
);

CREATE TRIGGER IF NOT EXISTS posts_search_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_search (rowid, caption, account_id, platform)
    VALUES (new.rowid, new.caption, new.account_id, new.platform);
END;

CREATE TRIGGER IF NOT EXISTS posts_search_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_search (posts_search, rowid, caption, account_id, platform)
    VALUES ('delete', old.rowid, old.caption, old.account_id, old.platform);
END;

-- A sync rewrites every changed post whole; only a change to the searched text touches the index.
CREATE TRIGGER IF NOT EXISTS posts_search_update AFTER UPDATE OF caption, account_id, platform
ON posts WHEN old.caption IS NOT new.caption OR old.account_id IS NOT new.account_id
    OR old.platform IS NOT new.platform
BEGIN
    INSERT INTO posts_search (posts_search, rowid, caption, account_id, platform)
    VALUES ('delete', old.rowid, old.caption, old.account_id, old.platform);
    INSERT INTO posts_search (rowid, caption, account_id, platform)
    VALUES (new.rowid, new.caption, new.account_id, new.platform);
END;

-- The backfill: every post already cached.
INSERT INTO posts_search (posts_search) VALUES ('rebuild');
