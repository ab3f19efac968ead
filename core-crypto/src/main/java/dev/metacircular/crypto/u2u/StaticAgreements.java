package dev.metacircular.crypto.u2u;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The static-static agreements that authenticate an envelope's sender, remembered per pair of keys.
 * Between the same sender and recipient key versions that secret never changes, and it is half the
 * agreements of every seal and open: people write to the same few people again and again, so the
 * second message between a pair costs what an unauthenticated envelope costs. The message's own
 * ephemeral agreement is never remembered.
 *
 * <p>The secrets are key material: the holder keeps them only while its keys are open (it {@link
 * #close closes} this when the engine is sealed or unmounted, which wipes them), at most {@code
 * capacity} pairs (the least recently used one is wiped first), and never hands out its own copy.
 */
public final class StaticAgreements implements AutoCloseable {
  private final Map<Pair, byte[]> secrets;
  private boolean closed;

  /** A key pair ({@code mine}, by its public key) and a peer public key, both SPKI DER. */
  private record Pair(ByteBuffer mine, ByteBuffer peer) {}

  public StaticAgreements(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.secrets =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Pair, byte[]> eldest) {
            if (size() > capacity) {
              Arrays.fill(eldest.getValue(), (byte) 0);
              return true;
            }
            return false;
          }
        };
  }

  /**
   * {@code mine.agree(peerPublicKey)}, from memory when this pair was agreed before; the answer is
   * the caller's own copy (to wipe). Refusals are {@code mine.agree}'s and are not remembered.
   */
  public byte[] agree(AgreementKeyPair mine, byte[] peerPublicKey) {
    Pair pair = new Pair(ByteBuffer.wrap(mine.publicKey()), ByteBuffer.wrap(peerPublicKey.clone()));
    synchronized (this) {
      byte[] known = secrets.get(pair);
      if (known != null) {
        return known.clone();
      }
    }
    // Agreed outside the lock: concurrent first messages between different pairs do not queue.
    byte[] secret = mine.agree(peerPublicKey);
    synchronized (this) {
      if (!closed && !secrets.containsKey(pair)) {
        secrets.put(pair, secret.clone());
      }
    }
    return secret;
  }

  /** How many pairs are remembered. */
  public synchronized int size() {
    return secrets.size();
  }

  /** Wipes and forgets every secret; later agreements are computed and not remembered. */
  @Override
  public synchronized void close() {
    closed = true;
    for (byte[] secret : secrets.values()) {
      Arrays.fill(secret, (byte) 0);
    }
    secrets.clear();
  }
}
