package dev.metacircular.domain.engine.sshca;

import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.ssh.SshKeyType;
import dev.metacircular.crypto.ssh.SshSigningKey;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.ssh.in.SshCaOperations;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code sshca} engine type: an SSH certificate authority with signing profiles, an
 * issued-certificate store and a KRL. Its operations are declared in {@link SshCaOperations};
 * {@link SshCaEngine} handles them.
 *
 * <p>Mount configuration: {@code key_type} ({@code ed25519} by default, {@code ecdsa-p256}, {@code
 * ecdsa-p384}, {@code rsa-4096}) for a key generated when the mount opens first, or {@code
 * private_key} (OpenSSH or PEM text, unencrypted) to import an existing CA key. The private key is
 * never part of the stored configuration (which admins can list): it is parsed here, handed to the
 * mount's first {@link #open} in memory through {@link ImportedKeys}, and written only to the
 * mount's barrier storage; the stored configuration says {@code key_type} and {@code imported:
 * true}.
 */
public final class SshCaEngineType implements EngineType {

  /** The type name clients give when mounting. */
  public static final String TYPE = SshCaOperations.TYPE;

  private final ImportedKeys imports = new ImportedKeys();

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<Operation<?, ?>> operations() {
    return SshCaOperations.ALL;
  }

  @Override
  public Map<String, Object> validateConfig(Map<String, Object> config) {
    Map<String, Object> given = config == null ? Map.of() : config;
    for (String field : given.keySet()) {
      if (!field.equals("key_type") && !field.equals("private_key")) {
        throw new DomainException.InvalidInput(
            "unknown config field " + field + " (known: key_type, private_key)");
      }
    }
    Object keyType = given.get("key_type");
    if (keyType != null && !(keyType instanceof String)) {
      throw new DomainException.InvalidInput("key_type must be a string");
    }
    Map<String, Object> stored = new LinkedHashMap<>();
    Object privateKey = given.get("private_key");
    if (privateKey != null) {
      if (!(privateKey instanceof String text)) {
        throw new DomainException.InvalidInput("private_key must be a string");
      }
      SshSigningKey key;
      try {
        key = SshSigningKey.importText(text.toCharArray());
      } catch (IllegalArgumentException e) {
        throw new DomainException.InvalidInput(e.getMessage());
      }
      if (keyType != null && !keyType.equals(key.type().wireName())) {
        throw new DomainException.InvalidInput(
            "key_type "
                + keyType
                + " does not match the private_key, which is "
                + key.type().wireName());
      }
      stored.put("key_type", key.type().wireName());
      stored.put("imported", true);
      stored.put("import_ref", imports.hold(key));
      return stored;
    }
    try {
      stored.put(
          "key_type",
          SshKeyType.fromWire(keyType == null ? SshKeyType.ED25519.wireName() : (String) keyType)
              .wireName());
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput(e.getMessage());
    }
    return stored;
  }

  @Override
  public Engine open(EngineContext context) {
    Objects.requireNonNull(context, "context");
    return new SshCaEngine(context, imports);
  }

  /**
   * Imported CA keys between {@link #validateConfig} and the mount's first open (the registry opens
   * a new mount right after storing it). Bounded: a reference never taken (the mount failed with a
   * conflict) is dropped when newer imports push it out.
   */
  static final class ImportedKeys {
    private static final int MAX_HELD = 16;
    private final Map<String, SshSigningKey> held = new LinkedHashMap<>();

    synchronized String hold(SshSigningKey key) {
      String ref = HexFormat.of().formatHex(SecureRandoms.bytes(16));
      held.put(ref, key);
      while (held.size() > MAX_HELD) {
        String oldest = held.keySet().iterator().next();
        held.remove(oldest).destroy();
      }
      return ref;
    }

    synchronized SshSigningKey take(String ref) {
      return ref == null ? null : held.remove(ref);
    }
  }
}
