package dev.metacircular.domain.engine.transit;

import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.transit.in.TransitOperations;
import java.util.List;
import java.util.Objects;

/**
 * The {@code transit} engine type: encryption, signing and HMAC as a service over named, versioned
 * keys. Its operations are declared in {@link TransitOperations}; {@link TransitEngine} handles
 * them. A transit mount takes no configuration (the inherited {@link #validateConfig} refuses any
 * field); everything is per key. Stateless: each {@link #open} reads the mount's keys lazily from
 * its barrier storage.
 */
public final class TransitEngineType implements EngineType {

  /** The type name clients give when mounting. */
  public static final String TYPE = TransitOperations.TYPE;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<Operation<?, ?>> operations() {
    return TransitOperations.ALL;
  }

  @Override
  public Engine open(EngineContext context) {
    return new TransitEngine(Objects.requireNonNull(context, "context"));
  }
}
