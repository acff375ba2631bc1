-- 0002: the outbox. Every write the user asks for (create, cancel, media upload; a reschedule is a
-- create plus a cancel) is a row here BEFORE any request, so a crash, a kill or a lost connection
-- loses nothing. Each state change is one transaction. Times are fixed-width UTC ISO-8601 text.

CREATE TABLE outbox_intents (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('create', 'cancel', 'media_upload')),
    state            TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'done',
                        'queued_for_next_day', 'failed', 'needs_attention', 'discarded')),
    account_id       TEXT,
    platform         TEXT,
    payload          TEXT NOT NULL,             -- JSON: the post / cancel / upload as asked
    group_id         TEXT,                      -- submitted together: one composer post, one import
    role             TEXT,                      -- e.g. 'replacement', 'cancel_original'
    depends_on       TEXT NOT NULL DEFAULT '[]',-- JSON list of intent ids that must succeed first
    source_key       TEXT,                      -- caller identity, e.g. import:<sha256>:<row>:<n>
    fingerprint      TEXT,                      -- sha256 of (account, platform, caption, time, media)
    attempts         INTEGER NOT NULL DEFAULT 0,-- requests started (counted before each one goes out)
    last_error       TEXT,                      -- the server's reason, or what went wrong
    last_error_code  TEXT,                      -- http status / error code / 'timeout' / 'dropped'
    result           TEXT,                      -- JSON: what the server answered when it settled
    post_id          TEXT,                      -- create: the server post this intent created
    target_post_id   TEXT,                      -- cancel: the post it cancels
    queued_for       TEXT,                      -- 202 queued_for_next_day: the date it went to
    watermark        TEXT,                      -- server created_at of the newest post before our
                                                -- first send: reconciliation scans back to it
    next_attempt_at  TEXT,                      -- not before this time (backoff, Retry-After)
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    first_sent_at    TEXT,
    last_sent_at     TEXT,
    finished_at      TEXT
);

-- A server post is claimed by one create intent only: two identical intents are two posts.
CREATE UNIQUE INDEX outbox_post_claim ON outbox_intents (post_id)
    WHERE post_id IS NOT NULL AND kind = 'create';
-- Re-submitting the same source (an import re-run after a crash) finds the rows it already wrote.
CREATE UNIQUE INDEX outbox_source_key ON outbox_intents (source_key) WHERE source_key IS NOT NULL;
CREATE INDEX outbox_state ON outbox_intents (state, next_attempt_at);
CREATE INDEX outbox_group ON outbox_intents (group_id);
CREATE INDEX outbox_fingerprint ON outbox_intents (fingerprint);
