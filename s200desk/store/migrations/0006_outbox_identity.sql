-- 0006: every intent belongs to one identity, the key that recorded it and the server it goes
-- to, and is never sent under another. The key itself is never stored: ``key_fp`` is a one-way
-- fingerprint (HMAC-SHA-256, 16 hex digits). Rows written before this migration have NULL here;
-- the first sender run with the workspace's own key adopts them (see services/outbox/binding.py).

ALTER TABLE outbox_intents ADD COLUMN key_fp TEXT;
ALTER TABLE outbox_intents ADD COLUMN base_url TEXT;   -- the functions base, canonical form

CREATE INDEX outbox_identity ON outbox_intents (key_fp, base_url, state);

-- What each identity's key saw of the account (its connected profiles), so a rotated key can be
-- recognised as the same account's: the new key must see the same profiles.
CREATE TABLE outbox_identities (
    key_fp      TEXT NOT NULL,
    base_url    TEXT NOT NULL,
    profiles    TEXT NOT NULL,                  -- JSON: sorted ["platform:@handle", ...]
    checked_at  TEXT NOT NULL,
    PRIMARY KEY (key_fp, base_url)
);
