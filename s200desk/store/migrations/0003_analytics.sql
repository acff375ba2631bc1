-- 0003: engagement history. The API only answers a post's current numbers, so every poll is kept
-- as a snapshot and the history is built here. Snapshots carry platform and account_id themselves:
-- a sync may prune a post from the cache, its history stays readable.

CREATE TABLE analytics_snapshots (
    post_id     TEXT NOT NULL,
    platform    TEXT NOT NULL DEFAULT '',
    account_id  TEXT NOT NULL DEFAULT '',
    -- The server's polled_at (when the numbers were measured), else the moment we asked.
    polled_at   TEXT NOT NULL,
    views       INTEGER NOT NULL DEFAULT 0,
    likes       INTEGER NOT NULL DEFAULT 0,
    comments    INTEGER NOT NULL DEFAULT 0,
    shares      INTEGER NOT NULL DEFAULT 0,
    saves       INTEGER NOT NULL DEFAULT 0,
    -- One measurement is one row: polling twice before the server measured again adds nothing.
    PRIMARY KEY (post_id, polled_at)
) WITHOUT ROWID;

CREATE INDEX analytics_snapshots_polled ON analytics_snapshots (polled_at);

-- The newest snapshot of each post, kept up to date on insert, so the dashboard reads one row
-- per post instead of grouping the whole history (0.5 s at a million snapshots otherwise).
CREATE TABLE analytics_latest (
    post_id          TEXT PRIMARY KEY,
    platform         TEXT NOT NULL DEFAULT '',
    account_id       TEXT NOT NULL DEFAULT '',
    polled_at        TEXT NOT NULL,
    views            INTEGER NOT NULL DEFAULT 0,
    likes            INTEGER NOT NULL DEFAULT 0,
    comments         INTEGER NOT NULL DEFAULT 0,
    shares           INTEGER NOT NULL DEFAULT 0,
    saves            INTEGER NOT NULL DEFAULT 0,
    first_polled_at  TEXT NOT NULL,
    readings         INTEGER NOT NULL DEFAULT 0
);

-- When each published post is polled next, and how the last attempt went.
CREATE TABLE analytics_poll_state (
    post_id          TEXT PRIMARY KEY,
    next_due_at      TEXT,               -- NULL: never again (older than the polling horizon)
    last_attempt_at  TEXT,
    last_success_at  TEXT,
    last_outcome     TEXT NOT NULL DEFAULT '',  -- ok, no_metrics, error, rate_limited
    failures         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT
);

CREATE INDEX analytics_poll_state_due ON analytics_poll_state (next_due_at);
