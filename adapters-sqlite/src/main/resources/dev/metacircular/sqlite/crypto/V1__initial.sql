-- Crypto service (Metacrypt) schema, version 1: the seal barrier's storage and the audit log.
-- Conventions as in the identity schema: instants are INTEGER epoch milliseconds.

-- The barrier's physical storage: opaque values (ciphertext, and the few plaintext values read
-- before unseal) under `/`-separated keys. The barrier treats this table as untrusted.
--
-- `key` uses the BINARY collation (the default): keys compare as UTF-8 bytes, so the keys that
-- start with a prefix form one range of the primary key, and `list(prefix)` is a range scan of
-- its index (never LIKE, which is case-insensitive and treats % and _ as wildcards).
--
-- A rowid table, not WITHOUT ROWID: barrier values are ciphertext, mostly above 1 KB. Measured
-- with sqlite-jdbc 3.54 on 20 000 rows, WITHOUT ROWID was faster only for 100-byte values; for
-- 1.5 KB and 16 KB values it made get 2-5x slower, list 10-30x slower (a key scan walks the
-- values too) and the file twice as large, as SQLite's documentation predicts for rows above
-- about a twentieth of a page. Here the key's own index makes list a covering scan.
CREATE TABLE barrier (
  key   TEXT NOT NULL PRIMARY KEY,
  value BLOB NOT NULL
);

-- The audit log, exactly as in the identity schema, so that one implementation serves both.
-- Append-only. AUTOINCREMENT so that an id is never reused, not even after the newest events
-- were deleted: an audit id names one event forever.
CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  time           INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  actor          TEXT    NOT NULL DEFAULT '',
  subject        TEXT    NOT NULL DEFAULT '',
  source_address TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_time ON audit_log (time, id);
CREATE INDEX audit_log_type ON audit_log (type, time);
CREATE INDEX audit_log_actor ON audit_log (actor, time);
CREATE INDEX audit_log_subject ON audit_log (subject, time);

-- An event's small key/value context, one row per key.
CREATE TABLE audit_details (
  event_id INTEGER NOT NULL REFERENCES audit_log (id) ON DELETE CASCADE,
  name     TEXT    NOT NULL,
  value    TEXT    NOT NULL,
  PRIMARY KEY (event_id, name)
) WITHOUT ROWID;
