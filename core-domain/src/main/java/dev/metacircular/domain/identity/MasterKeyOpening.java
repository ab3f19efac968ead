package dev.metacircular.domain.identity;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.Argon2id;
import dev.metacircular.crypto.Ed25519SigningKey;
import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SealingKey;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.ports.storage.out.SettingsStore;
import dev.metacircular.ports.storage.out.Transactions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the operator's master key material into the {@link IdentityKeys}.
 *
 * <p>Passphrase → Argon2id (salt and parameters stored in the settings, so raising the default cost
 * later keeps old databases openable) → AES-256 sealing key → opens the Ed25519 signing key, which
 * is stored sealed. The first open of an empty database creates salt and signing key and stores
 * them in one unit of work. A later open with the wrong material fails before anything is written.
 */
final class MasterKeyOpening {

  static final String KIND = "identity.master_key.kind";
  static final String KDF = "identity.master_key.kdf";
  static final String SALT = "identity.master_key.salt";
  static final String SIGNING_KEY_SEALED = "identity.signing_key.sealed";

  private static final String KIND_PASSPHRASE = "passphrase";
  private static final String KIND_KEY_FILE = "key_file";
  private static final int SALT_LENGTH = 16;
  private static final int SEALING_KEY_ID = 1;
  private static final byte[] SIGNING_KEY_AAD =
      "mcias/token-signing-key/v1".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern KDF_FORMAT =
      Pattern.compile("argon2id\\$v=19\\$m=([0-9]{1,10}),t=([0-9]{1,10}),p=([0-9]{1,10})");
  // Bounds on stored parameters, so a tampered database cannot make start-up allocate terabytes.
  private static final long MAX_MEMORY_KIB = 4L * 1024 * 1024;
  private static final long MAX_ITERATIONS = 64;
  private static final long MAX_PARALLELISM = 64;

  static final String WRONG_KEY =
      "master key: cannot decrypt the signing key: wrong passphrase or key file"
          + " (the KDF salt is stored in the database)";

  private MasterKeyOpening() {}

  static IdentityKeys open(
      SettingsStore settings,
      Transactions transactions,
      Argon2Parameters kdfForNewDatabase,
      MasterKeySource source) {
    checkMaterial(source);
    Optional<byte[]> sealed = settings.get(SIGNING_KEY_SEALED);
    if (sealed.isEmpty()) {
      Optional<IdentityKeys> created =
          initialize(settings, transactions, kdfForNewDatabase, source);
      if (created.isPresent()) {
        return created.get();
      }
      // Another process initialized the database between our read and our write.
      sealed = settings.get(SIGNING_KEY_SEALED);
    }
    return unlock(settings, source, sealed.orElseThrow());
  }

  private static Optional<IdentityKeys> initialize(
      SettingsStore settings,
      Transactions transactions,
      Argon2Parameters kdf,
      MasterKeySource source) {
    byte[] salt =
        source instanceof MasterKeySource.Passphrase ? SecureRandoms.bytes(SALT_LENGTH) : null;
    SealingKey sealing = sealingKey(source, salt, kdf);
    Ed25519SigningKey signing = Ed25519SigningKey.generate();
    byte[] sealedSeed;
    try (SecretBytes seed = signing.seed()) {
      sealedSeed = seed.withBytes(s -> sealing.seal(s, SIGNING_KEY_AAD));
    }
    boolean stored =
        transactions.inTransaction(
            () -> {
              if (settings.get(SIGNING_KEY_SEALED).isPresent()) {
                return false;
              }
              if (salt != null) {
                settings.putIfAbsent(KIND, ascii(KIND_PASSPHRASE));
                settings.putIfAbsent(KDF, ascii(formatKdf(kdf)));
                settings.putIfAbsent(SALT, salt);
              } else {
                settings.putIfAbsent(KIND, ascii(KIND_KEY_FILE));
              }
              return settings.putIfAbsent(SIGNING_KEY_SEALED, sealedSeed);
            });
    if (!stored) {
      sealing.destroy();
      signing.destroy();
      return Optional.empty();
    }
    return Optional.of(new IdentityKeys(sealing, signing));
  }

  private static IdentityKeys unlock(
      SettingsStore settings, MasterKeySource source, byte[] sealed) {
    boolean passphraseDatabase =
        settings
            .get(KIND)
            .map(k -> new String(k, StandardCharsets.US_ASCII).equals(KIND_PASSPHRASE))
            .orElseGet(() -> settings.get(SALT).isPresent());
    if (passphraseDatabase && source instanceof MasterKeySource.KeyFile) {
      throw new MasterKeyException(
          "master key: this database was initialized with a passphrase, but a key file was given");
    }
    if (!passphraseDatabase && source instanceof MasterKeySource.Passphrase) {
      throw new MasterKeyException(
          "master key: this database was initialized with a key file, but a passphrase was given");
    }
    byte[] salt = null;
    Argon2Parameters kdf = null;
    if (passphraseDatabase) {
      salt =
          settings
              .get(SALT)
              .orElseThrow(
                  () ->
                      new MasterKeyException(
                          "master key: the KDF salt is missing from the database"));
      kdf =
          settings
              .get(KDF)
              .flatMap(MasterKeyOpening::parseKdf)
              .orElseThrow(
                  () ->
                      new MasterKeyException(
                          "master key: the KDF parameters stored in the database are missing or unreadable"));
    }
    SealingKey sealing = sealingKey(source, salt, kdf);
    byte[] seed = null;
    try {
      seed = sealing.open(sealed, SIGNING_KEY_AAD);
      try (SecretBytes held = SecretBytes.wrap(seed)) {
        return new IdentityKeys(sealing, Ed25519SigningKey.fromSeed(held));
      }
    } catch (IntegrityException | IllegalArgumentException e) {
      sealing.destroy();
      throw new MasterKeyException(WRONG_KEY);
    } finally {
      if (seed != null) {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }

  private static SealingKey sealingKey(MasterKeySource source, byte[] salt, Argon2Parameters kdf) {
    if (source instanceof MasterKeySource.Passphrase p) {
      try (SecretBytes derived =
          Argon2id.derive(p.passphrase(), salt, kdf, SealingKey.KEY_LENGTH)) {
        return new SealingKey(SEALING_KEY_ID, derived);
      }
    }
    return new SealingKey(SEALING_KEY_ID, ((MasterKeySource.KeyFile) source).key());
  }

  private static void checkMaterial(MasterKeySource source) {
    if (source == null) {
      throw new MasterKeyException("master key: no passphrase or key file was given");
    }
    if (source instanceof MasterKeySource.Passphrase p && p.passphrase().length == 0) {
      throw new MasterKeyException("master key: the passphrase is empty");
    }
    if (source instanceof MasterKeySource.KeyFile k) {
      if (k.key().isDestroyed()) {
        throw new MasterKeyException("master key: the key file material was already wiped");
      }
      if (k.key().length() != SealingKey.KEY_LENGTH) {
        throw new MasterKeyException(
            "master key: the key file must hold exactly "
                + SealingKey.KEY_LENGTH
                + " bytes, not "
                + k.key().length());
      }
    }
  }

  static String formatKdf(Argon2Parameters p) {
    return "argon2id$v=19$m=" + p.memoryKiB() + ",t=" + p.iterations() + ",p=" + p.parallelism();
  }

  static Optional<Argon2Parameters> parseKdf(byte[] stored) {
    Matcher m = KDF_FORMAT.matcher(new String(stored, StandardCharsets.US_ASCII));
    if (!m.matches()) {
      return Optional.empty();
    }
    long memory = Long.parseLong(m.group(1));
    long iterations = Long.parseLong(m.group(2));
    long parallelism = Long.parseLong(m.group(3));
    if (memory < 1
        || memory > MAX_MEMORY_KIB
        || iterations < 1
        || iterations > MAX_ITERATIONS
        || parallelism < 1
        || parallelism > MAX_PARALLELISM
        || memory < 8 * parallelism) {
      return Optional.empty();
    }
    return Optional.of(new Argon2Parameters((int) iterations, (int) memory, (int) parallelism));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
