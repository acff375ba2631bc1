-- 0004: the media library and its durable upload queue. A row is written BEFORE any byte leaves
-- the machine, and every step (hosting by presigned PUT, then the API's media upload through an
-- outbox intent) is one committed state change, so closing the app mid-upload loses nothing: at
-- start-up a 'hosting' row is PUT again (same key: idempotent) if its file is unchanged, and an
-- 'ingesting' row waits for its outbox intent. Times are fixed-width UTC ISO-8601 text.

CREATE TABLE media_items (
    id           TEXT PRIMARY KEY,
    source       TEXT NOT NULL CHECK (source IN ('file', 'url')),
    name         TEXT NOT NULL,                 -- what the user sees: the file name or URL tail
    path         TEXT,                          -- source 'file': the local file
    file_mtime   REAL,                          -- its mtime when checked: a changed file is not
                                                -- silently uploaded in its new state on resume
    source_url   TEXT,                          -- source 'url': the web address dropped
    public_url   TEXT,                          -- the URL given to the API (hosted copy or source_url)
    host_key     TEXT,                          -- object key on the media host
    host_kind    TEXT,                          -- 's3' / 'emulator'
    mime         TEXT,                          -- sniffed from the content (server's for URLs)
    size         INTEGER,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'hosting', 'hosted', 'ingesting',
                    'ready', 'failed', 'cancelled')),
    sent_bytes   INTEGER NOT NULL DEFAULT 0,
    file_id      TEXT,                          -- the API's media-library id, once ready
    intent_id    TEXT,                          -- the outbox media_upload intent
    error        TEXT,                          -- why it failed, in the user's words
    error_code   TEXT,
    width        INTEGER,
    height       INTEGER,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE INDEX media_items_state ON media_items (state);
CREATE INDEX media_items_created ON media_items (created_at DESC);
CREATE UNIQUE INDEX media_items_file_id ON media_items (file_id) WHERE file_id IS NOT NULL;
