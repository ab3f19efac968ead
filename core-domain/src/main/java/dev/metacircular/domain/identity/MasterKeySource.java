package dev.metacircular.domain.identity;

import dev.metacircular.crypto.SecretBytes;
import java.util.Objects;

/**
 * Where the master key comes from. The caller owns the material and wipes it once {@link
 * IdentityCore#open} has returned: the core keeps only the derived sealing key.
 */
public sealed interface MasterKeySource {

  /** A passphrase, stretched with Argon2id and the salt stored in the database. */
  record Passphrase(char[] passphrase) implements MasterKeySource {
    public Passphrase {
      Objects.requireNonNull(passphrase, "passphrase");
    }

    @Override
    public String toString() {
      return "Passphrase[redacted]";
    }
  }

  /** 32 raw key bytes (a key file); used as the AES-256 key directly, without a KDF. */
  record KeyFile(SecretBytes key) implements MasterKeySource {
    public KeyFile {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "KeyFile[redacted]";
    }
  }
}
