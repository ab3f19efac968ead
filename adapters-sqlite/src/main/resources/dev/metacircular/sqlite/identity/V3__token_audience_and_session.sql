-- Identity service schema, version 3: what a token is for and which session it belongs to.
-- audience: the token's aud (the one service that accepts it). Rows written before this version
--   get '' — their tokens carry no aud claim and no longer validate.
-- session_started_at: epoch milliseconds of the original login, carried through every renewal,
--   so renewal stops at tokens.max_session_lifetime. Existing rows start at their issue.
-- tags: the login policy tags the session was opened with, so renewal asks the policy the same
--   question; one per line, '\' and newline escaped (see SqliteTokenStore).
ALTER TABLE tokens ADD COLUMN audience TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN session_started_at INTEGER;
ALTER TABLE tokens ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE tokens SET session_started_at = issued_at;
