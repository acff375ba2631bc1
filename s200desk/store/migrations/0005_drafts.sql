-- 0005: composer drafts, saved on this computer only (the API has no drafts). ``data`` is the
-- composer's whole state as JSON (caption, targets, per-platform captions and options, media, the
-- chosen time as the user typed it in their zone), so a draft reopens exactly as it was left.
-- Times are fixed-width UTC ISO-8601 text.

CREATE TABLE drafts (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL DEFAULT '',      -- what the drafts list shows: the caption's start
    data         TEXT NOT NULL DEFAULT '{}',
    source_post  TEXT,                          -- "duplicate as draft": the post it was copied from
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE INDEX drafts_updated ON drafts (updated_at DESC);
