-- Identity service schema, version 1.
-- Conventions: ids are TEXT (UUIDs in canonical form); instants are INTEGER epoch milliseconds;
-- booleans are INTEGER 0/1; enumerations are their lower-case wire names, checked here so that a
-- row the code could not read back can never be written.

CREATE TABLE accounts (
  id                 TEXT    NOT NULL PRIMARY KEY,
  -- BINARY collation (the default): usernames match exactly and case-sensitively.
  username           TEXT    NOT NULL UNIQUE,
  account_type       TEXT    NOT NULL CHECK (account_type IN ('human', 'system')),
  status             TEXT    NOT NULL CHECK (status IN ('active', 'inactive', 'deleted')),
  password_hash      TEXT,
  totp_secret_sealed BLOB,
  totp_confirmed     INTEGER NOT NULL DEFAULT 0 CHECK (totp_confirmed IN (0, 1)),
  totp_last_step     INTEGER NOT NULL DEFAULT 0,
  failed_logins      INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until       INTEGER,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);

CREATE TABLE account_roles (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'user', 'guest')),
  PRIMARY KEY (account_id, role)
) WITHOUT ROWID;

-- Every issued token, by jti (never the token itself). Validation looks tokens up by jti.
CREATE TABLE tokens (
  jti           TEXT    NOT NULL PRIMARY KEY,
  account_id    TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind          TEXT    NOT NULL CHECK (kind IN ('login', 'service')),
  issued_at     INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  revoked_at    INTEGER,
  revoke_reason TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX tokens_account_id ON tokens (account_id);
CREATE INDEX tokens_expires_at ON tokens (expires_at);

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

-- An event's small key/value context, one row per key: no encoding to get wrong, and each
-- value is stored exactly as given.
CREATE TABLE audit_details (
  event_id INTEGER NOT NULL REFERENCES audit_log (id) ON DELETE CASCADE,
  name     TEXT    NOT NULL,
  value    TEXT    NOT NULL,
  PRIMARY KEY (event_id, name)
) WITHOUT ROWID;

-- Login policy rules. The match lists live in policy_rule_entries.
CREATE TABLE policy_rules (
  id          TEXT    NOT NULL PRIMARY KEY,
  priority    INTEGER NOT NULL,
  effect      TEXT    NOT NULL CHECK (effect IN ('allow', 'deny')),
  description TEXT    NOT NULL DEFAULT ''
);

-- Every list of a rule, one row per entry: `list` names the list, `position` keeps its order.
CREATE TABLE policy_rule_entries (
  rule_id  TEXT    NOT NULL REFERENCES policy_rules (id) ON DELETE CASCADE,
  list     TEXT    NOT NULL CHECK (list IN ('usernames', 'roles', 'account_types', 'services',
                                              'tags', 'mounts', 'paths', 'actions')),
  position INTEGER NOT NULL CHECK (position >= 0),
  value    TEXT    NOT NULL,
  PRIMARY KEY (rule_id, list, position)
) WITHOUT ROWID;

-- Small named blobs: KDF salt and parameters, the sealed signing key... (a rowid table: values
-- may be larger than WITHOUT ROWID tables handle well).
CREATE TABLE settings (
  name  TEXT NOT NULL PRIMARY KEY,
  value BLOB NOT NULL
);
