-- The metrics role: a token that may scrape GET /metrics and nothing else. SQLite cannot change a
-- CHECK constraint in place, so the roles table is rebuilt with the wider one (nothing references it).
CREATE TABLE account_roles_v7 (
  account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'user', 'guest', 'metrics')),
  PRIMARY KEY (account_id, role)
) WITHOUT ROWID;
INSERT INTO account_roles_v7 (account_id, role) SELECT account_id, role FROM account_roles;
DROP TABLE account_roles;
ALTER TABLE account_roles_v7 RENAME TO account_roles;
