-- 0007: one rule for when a post happens, and the full details of a post once read by id.
--
-- sort_at: a published post happens when it went out (published_at), even when that was later
-- than planned; any other post when it is scheduled for (a 202-queued post: the day the server
-- queued it to); created_at only when neither is known. ``store.records.happens_at`` is the
-- same rule in Python, for rows the views build before the store has them.
-- details_at: when GET /api-posts/{id} was last stored for the post. The list endpoint carries
-- no platform options, so a sync never overwrites the media and options of a row that has it.
-- SQLite cannot change a generated column in place: the table is rebuilt.

CREATE TABLE posts_0007 (
    id                TEXT PRIMARY KEY,
    platform          TEXT NOT NULL,
    account_id        TEXT NOT NULL,
    caption           TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT '',
    platform_post_id  TEXT,
    created_at        TEXT,
    published_at      TEXT,
    scheduled_for     TEXT,
    media             TEXT NOT NULL DEFAULT '[]',
    platform_options  TEXT NOT NULL DEFAULT '{}',
    raw               TEXT NOT NULL DEFAULT '{}',
    sort_at           TEXT GENERATED ALWAYS AS (
        CASE WHEN status = 'published'
             THEN COALESCE(published_at, scheduled_for, created_at)
             ELSE COALESCE(scheduled_for, published_at, created_at) END) STORED,
    upsert_seq        INTEGER NOT NULL DEFAULT 0,
    details_at        TEXT
);

INSERT INTO posts_0007 (id, platform, account_id, caption, status, platform_post_id, created_at,
                        published_at, scheduled_for, media, platform_options, raw, upsert_seq)
SELECT id, platform, account_id, caption, status, platform_post_id, created_at, published_at,
       scheduled_for, media, platform_options, raw, upsert_seq FROM posts;

DROP TABLE posts;
ALTER TABLE posts_0007 RENAME TO posts;

CREATE INDEX posts_sort_at ON posts (sort_at DESC, id);
CREATE INDEX posts_platform_sort ON posts (platform, sort_at DESC);
CREATE INDEX posts_status_sort ON posts (status, sort_at DESC);
CREATE INDEX posts_account_sort ON posts (account_id, sort_at DESC);
CREATE INDEX posts_upsert_seq ON posts (upsert_seq);
