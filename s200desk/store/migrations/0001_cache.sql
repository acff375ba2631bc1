-- 0001: the cache of what the server knows (profiles, platforms, posts) and sync bookkeeping.
-- Times are UTC ISO-8601 text with a fixed width ("YYYY-MM-DDTHH:MM:SS.mmmZ") so they sort as text.

CREATE TABLE profiles (
    platform      TEXT NOT NULL,
    account_id    TEXT NOT NULL,
    display_name  TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT '',
    connected_at  TEXT,
    raw           TEXT NOT NULL DEFAULT '{}',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (platform, account_id)
);

CREATE TABLE platforms (
    id                  TEXT PRIMARY KEY,
    name                TEXT NOT NULL DEFAULT '',
    media_types         TEXT NOT NULL DEFAULT '[]',
    max_caption_length  INTEGER,
    max_video_size_mb   REAL,
    max_image_size_mb   REAL,
    raw                 TEXT NOT NULL DEFAULT '{}',
    updated_at          TEXT NOT NULL
);

CREATE TABLE posts (
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
    -- When the post happens for the calendar and the list: scheduled, else published, else created.
    sort_at           TEXT GENERATED ALWAYS AS (COALESCE(scheduled_for, published_at, created_at)) STORED,
    -- Which write last touched the row (counters.posts_upsert); a sync prunes the rows that no
    -- write touched since it started, i.e. the posts the server no longer lists.
    upsert_seq        INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX posts_sort_at ON posts (sort_at DESC, id);
CREATE INDEX posts_platform_sort ON posts (platform, sort_at DESC);
CREATE INDEX posts_status_sort ON posts (status, sort_at DESC);
CREATE INDEX posts_account_sort ON posts (account_id, sort_at DESC);
CREATE INDEX posts_upsert_seq ON posts (upsert_seq);

-- Monotonic counters that survive restarts (a clock could go backwards, these cannot).
CREATE TABLE counters (
    name   TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('posts_upsert', 0);

CREATE TABLE sync_state (
    name             TEXT PRIMARY KEY,   -- "profiles", "platforms", "posts", "all"
    last_attempt_at  TEXT,
    last_success_at  TEXT,
    last_error       TEXT,
    last_error_kind  TEXT,               -- SyncErrorKind value: auth, offline, server, ...
    item_count       INTEGER
);
