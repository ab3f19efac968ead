-- The audit chain (docs/security-model.md, "Refusal audit and the audit chain"). Every entry
-- stores the hash of the entry appended before it (prev_hash) and its own hash:
--   hash = SHA-256("metacircular-audit-chain-v1" || prev_hash || canonical(entry))
-- (ports' AuditChain defines the canonical encoding), the first entry chained to 32 zero bytes.
-- An edited or deleted entry breaks the chain; `audit verify` names the first broken one.
--
-- The entries that exist when this migration runs are chained by it: SQLite cannot hash, so the
-- migration's Java step (SqliteAuditLog.chainExisting) fills both columns in id order, in the
-- same transaction as these statements. No entry is ever left without hashes.
ALTER TABLE audit_log ADD COLUMN prev_hash BLOB;
ALTER TABLE audit_log ADD COLUMN hash BLOB;
