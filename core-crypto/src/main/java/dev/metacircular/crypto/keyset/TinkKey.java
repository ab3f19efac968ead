package dev.metacircular.crypto.keyset;

import com.google.crypto.tink.KeysetHandle;
import dev.metacircular.crypto.SecretBytes;

/**
 * What the three kinds of key share: the Tink handle and the primitive built from it, cleartext
 * serialization and raw export for the barrier, and {@link #destroy()}, which drops both references
 * so every later secret-key use fails with "key destroyed". (Tink and the JDK keep key bytes in
 * objects that cannot be zero-filled from outside: dropping them is all that can be done; see the
 * package README.)
 *
 * @param <P> the Tink primitive ({@code Aead}, {@code PublicKeySign}, {@code Mac})
 */
abstract class TinkKey<P> {

  private final KeyType type;
  private volatile KeysetHandle handle;
  private volatile P primitive;

  TinkKey(KeyType type, KeysetHandle handle, Class<P> primitiveClass) {
    this.type = type;
    this.handle = handle;
    this.primitive = TinkKeysets.primitive(handle, primitiveClass);
  }

  public KeyType type() {
    return type;
  }

  public byte[] serializeCleartext() {
    return TinkKeysets.serialize(liveHandle());
  }

  public SecretBytes exportRawKey() {
    return TinkKeysets.rawKey(liveHandle());
  }

  public void destroy() {
    primitive = null;
    handle = null;
  }

  public boolean isDestroyed() {
    return primitive == null;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + type + "]";
  }

  /** The primitive, or {@code IllegalStateException("key destroyed")}. */
  final P live() {
    P p = primitive;
    if (p == null) {
      throw new IllegalStateException("key destroyed");
    }
    return p;
  }

  private KeysetHandle liveHandle() {
    KeysetHandle h = handle;
    if (h == null) {
      throw new IllegalStateException("key destroyed");
    }
    return h;
  }
}
