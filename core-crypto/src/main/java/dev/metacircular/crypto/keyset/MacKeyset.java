package dev.metacircular.crypto.keyset;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import java.security.GeneralSecurityException;

/**
 * A MAC key ({@link KeyType#HMAC_SHA256}): the tag is the plain 32-byte HMAC-SHA256 of the data,
 * identical to JCA {@code HmacSHA256} over the exported raw key. Verification compares in constant
 * time.
 */
public final class MacKeyset extends TinkKey<Mac> implements KeysetKey {

  MacKeyset(KeyType type, KeysetHandle handle) {
    super(type, handle, Mac.class);
  }

  /** The tag of {@code data}. */
  public byte[] compute(byte[] data) {
    try {
      return live().computeMac(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("mac failed");
    }
  }

  /** True when {@code tag} is this key's tag of {@code data}; never throws for a bad tag. */
  public boolean verify(byte[] tag, byte[] data) {
    Mac m = live();
    if (tag == null || data == null) {
      return false;
    }
    try {
      m.verifyMac(tag, data);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
