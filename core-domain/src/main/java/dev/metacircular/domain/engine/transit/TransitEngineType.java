package dev.metacircular.domain.engine.transit;

import dev.metacircular.ports.engine.Engine;
import dev.metacircular.ports.engine.EngineContext;
import dev.metacircular.ports.engine.EngineType;
import java.util.Objects;

/**
 * The {@code transit} engine type: encryption, signing and HMAC as a service over named, versioned
 * keys (see {@link TransitEngine} for the operations). A transit mount takes no configuration (the
 * inherited {@link #validateConfig} refuses any field); everything is per key. Stateless: each
 * {@link #open} reads the mount's keys lazily from its barrier storage.
 */
public final class TransitEngineType implements EngineType {

  /** The type name clients give when mounting. */
  public static final String TYPE = "transit";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Engine open(EngineContext context) {
    return new TransitEngine(Objects.requireNonNull(context, "context"));
  }
}
