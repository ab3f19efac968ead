package dev.metacircular.ports.audit;

import dev.metacircular.ports.audit.out.AuditLog;
import java.util.Arrays;
import java.util.Objects;

/**
 * One stored audit entry with its place in the hash chain, as {@link AuditLog#readChain} hands it
 * to a verifier.
 *
 * @param event the entry as stored
 * @param previousHash the hash the entry was chained to (the hash of the entry before it, or {@link
 *     AuditChain#genesis()} for the first one); null only if someone removed it (every stored entry
 *     is chained, those of older databases by the migration that added the chain)
 * @param hash {@link AuditChain#link} of {@code previousHash} and {@code event}, as stored; null
 *     exactly when {@code previousHash} is
 */
public record ChainedEntry(AuditEvent event, byte[] previousHash, byte[] hash) {

  public ChainedEntry {
    Objects.requireNonNull(event, "event");
    previousHash = previousHash == null ? null : previousHash.clone();
    hash = hash == null ? null : hash.clone();
  }

  @Override
  public byte[] previousHash() {
    return previousHash == null ? null : previousHash.clone();
  }

  @Override
  public byte[] hash() {
    return hash == null ? null : hash.clone();
  }

  /** Stored without hashes (which only tampering produces). */
  public boolean unchained() {
    return previousHash == null && hash == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainedEntry other
        && event.equals(other.event)
        && Arrays.equals(previousHash, other.previousHash)
        && Arrays.equals(hash, other.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, Arrays.hashCode(previousHash), Arrays.hashCode(hash));
  }

  @Override
  public String toString() {
    return "ChainedEntry[id=" + event.id() + ", hash=" + AuditChain.hex(hash) + "]";
  }
}
