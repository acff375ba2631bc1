-- optional: fts5-trigram
-- 0017: the search index (0015) can be filled after a bulk write instead of row by row.
--
-- A first sync writes 100,000 posts; the triggers' trigram inserts cost ~2 s of its CPU (a third
-- of the store's work), while filling the index afterwards, 5,000 posts a transaction, costs
-- 1.2-1.7 s in the background (docs/performance.md, "Sync at 100,000 posts"). The counter
-- posts_search_below says which posts the index holds: every post whose rowid is below it. The
-- triggers only touch those; store.post_search.defer lowers it to the first rowid a bulk write
-- will use, and store.post_search.fill_step raises it chunk by chunk back to "all"
-- (9223372036854775807). Until then a search reads no candidates from the index and scans with
-- LIKE, which gives the same answer. Idempotent, like 0015: post_search runs both again when a
-- store comes back to a SQLite that has the tokenizer (0015 has just rebuilt the whole index).

INSERT OR REPLACE INTO counters (name, value) VALUES ('posts_search_below', 9223372036854775807);

DROP TRIGGER IF EXISTS posts_search_insert;
DROP TRIGGER IF EXISTS posts_search_delete;
DROP TRIGGER IF EXISTS posts_search_update;

CREATE TRIGGER posts_search_insert AFTER INSERT ON posts
WHEN new.rowid < (SELECT value FROM counters WHERE name = 'posts_search_below')
BEGIN
    INSERT INTO posts_search (rowid, caption, account_id, platform)
    VALUES (new.rowid, new.caption, new.account_id, new.platform);
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts
WHEN old.rowid < (SELECT value FROM counters WHERE name = 'posts_search_below')
BEGIN
    INSERT INTO posts_search (posts_search, rowid, caption, account_id, platform)
    VALUES ('delete', old.rowid, old.caption, old.account_id, old.platform);
END;

-- A sync rewrites every changed post whole; only a change to the searched text touches the index.
CREATE TRIGGER posts_search_update AFTER UPDATE OF caption, account_id, platform
ON posts WHEN (old.caption IS NOT new.caption OR old.account_id IS NOT new.account_id
    OR old.platform IS NOT new.platform)
    AND old.rowid < (SELECT value FROM counters WHERE name = 'posts_search_below')
BEGIN
    INSERT INTO posts_search (posts_search, rowid, caption, account_id, platform)
    VALUES ('delete', old.rowid, old.caption, old.account_id, old.platform);
    INSERT INTO posts_search (rowid, caption, account_id, platform)
    VALUES (new.rowid, new.caption, new.account_id, new.platform);
END;
