-- 0011: planning by rhythm. A queue is a profile's weekly time slots (wall-clock times in a zone,
-- so 09:00 stays 09:00 across DST) and the dates it skips. A series is a post that repeats: the
-- post as the composer made it (without its time), an RRULE and its first wall-clock start in its
-- own zone. Its occurrences are ordinary outbox intents keyed "series:<id>:v<version>:<wall>",
-- so creating them again never makes one twice. Snippets are saved captions and hashtag groups.
-- Times are fixed-width UTC ISO-8601 text; wall times are "YYYY-MM-DDTHH:MM".

CREATE TABLE queues (
    platform    TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    slots       TEXT NOT NULL,               -- "mon-fri 09:00,13:00"
    zone        TEXT NOT NULL,
    blocked     TEXT NOT NULL DEFAULT '[]',  -- JSON list of "YYYY-MM-DD" (local dates)
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (platform, account_id)
);

CREATE TABLE series (
    id            TEXT PRIMARY KEY,
    platform      TEXT NOT NULL,
    account_id    TEXT NOT NULL,
    post          TEXT NOT NULL,             -- JSON PostSpec without scheduled_for
    rule          TEXT NOT NULL,             -- "RRULE:FREQ=WEEKLY;BYDAY=MO"
    first_wall    TEXT NOT NULL,
    zone          TEXT NOT NULL,
    horizon_days  INTEGER NOT NULL DEFAULT 30,
    skipped       TEXT NOT NULL DEFAULT '[]',-- JSON list of wall times left out
    version       INTEGER NOT NULL DEFAULT 1,-- bumped by "edit all future occurrences"
    cancelled_at  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE snippets (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
