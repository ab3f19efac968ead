-- Identity service schema: per-account, per-source login failure budgets (lockout that spares
-- known sources). Same conventions as V1. A row exists for each address that signed in to the
-- account successfully (a known source) and one row with source '*' for the budget every other
-- address shares; failures from unknown addresses never add rows.
CREATE TABLE login_sources (
  account_id      TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  source          TEXT    NOT NULL CHECK (length(source) BETWEEN 1 AND 255),
  last_success_at INTEGER,
  window_start    INTEGER,
  window_failures INTEGER NOT NULL DEFAULT 0 CHECK (window_failures >= 0),
  locked_until    INTEGER,
  PRIMARY KEY (account_id, source)
) WITHOUT ROWID;
