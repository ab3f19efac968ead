package dev.metacircular.domain.engine.u2u;

import dev.metacircular.crypto.u2u.AgreementKeyType;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.u2u.in.UserCryptoOperations;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code user} engine type: end-to-end encryption between identity users with key pairs held by
 * the service. Mount configuration: {@code key_type}, {@code x25519} (default) or {@code p256}.
 * Operations in {@link UserCryptoOperations}; {@link UserCryptoEngine} handles them.
 */
public final class UserCryptoEngineType implements EngineType {

  public static final String TYPE = UserCryptoOperations.TYPE;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<Operation<?, ?>> operations() {
    return UserCryptoOperations.ALL;
  }

  @Override
  public Map<String, Object> validateConfig(Map<String, Object> config) {
    Map<String, Object> given = config == null ? Map.of() : config;
    for (String field : given.keySet()) {
      if (!field.equals("key_type")) {
        throw new DomainException.InvalidInput(
            "unknown config field " + field + " (known: key_type)");
      }
    }
    Object keyType = given.getOrDefault("key_type", AgreementKeyType.X25519.wireName());
    try {
      if (!(keyType instanceof String name)) {
        throw new IllegalArgumentException("key_type must be x25519 or p256");
      }
      return Map.of("key_type", AgreementKeyType.fromWire(name).wireName());
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput(e.getMessage());
    }
  }

  @Override
  public Engine open(EngineContext context) {
    Objects.requireNonNull(context, "context");
    return new UserCryptoEngine(context);
  }
}
