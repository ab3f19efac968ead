-- Identity service schema, version 2: SSO clients, authorization codes and passkeys.
-- Same conventions as V1 (TEXT ids, INTEGER epoch milliseconds, checked enumerations).

-- Registered SSO clients. secret_hash is the SHA-256 of a 256-bit server-generated secret.
CREATE TABLE sso_clients (
  client_id    TEXT    NOT NULL PRIMARY KEY,
  service_name TEXT    NOT NULL,
  secret_hash  BLOB    NOT NULL CHECK (length(secret_hash) = 32),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);

-- A client's redirect URIs, in registration order; matched exactly.
CREATE TABLE sso_client_redirect_uris (
  client_id TEXT    NOT NULL REFERENCES sso_clients (client_id) ON DELETE CASCADE,
  position  INTEGER NOT NULL CHECK (position >= 0),
  uri       TEXT    NOT NULL,
  PRIMARY KEY (client_id, position)
) WITHOUT ROWID;

-- Authorization codes by the hex SHA-256 of the code (never the code). Used codes are kept for a
-- few minutes so that a replay can be recognised and the token it produced revoked.
CREATE TABLE sso_authorization_codes (
  code_hash      TEXT    NOT NULL PRIMARY KEY,
  client_id      TEXT    NOT NULL REFERENCES sso_clients (client_id) ON DELETE CASCADE,
  redirect_uri   TEXT    NOT NULL,
  account_id     TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_challenge TEXT,
  issued_at      INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  used_at        INTEGER,
  issued_jti     TEXT
);
CREATE INDEX sso_authorization_codes_expires_at ON sso_authorization_codes (expires_at);

-- WebAuthn credentials. The user handle is the account id's 16 bytes, so it is not stored.
CREATE TABLE passkeys (
  credential_id   BLOB    NOT NULL PRIMARY KEY CHECK (length(credential_id) BETWEEN 1 AND 1023),
  account_id      TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  public_key_cose BLOB    NOT NULL,
  signature_count INTEGER NOT NULL CHECK (signature_count >= 0),
  name            TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  last_used_at    INTEGER
);
CREATE INDEX passkeys_account_id ON passkeys (account_id, created_at);
