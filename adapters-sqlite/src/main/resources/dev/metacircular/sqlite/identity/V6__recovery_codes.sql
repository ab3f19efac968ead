-- Identity service schema: recovery codes. Only each code's public id (its first group) and the
-- Argon2id hash of the whole code are stored, never the code. Same conventions as V1.
CREATE TABLE recovery_codes (
  account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_id    TEXT    NOT NULL CHECK (length(code_id) BETWEEN 1 AND 16),
  hash       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (account_id, code_id)
) WITHOUT ROWID;
