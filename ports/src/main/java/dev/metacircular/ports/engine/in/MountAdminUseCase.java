package dev.metacircular.ports.engine.in;

import dev.metacircular.ports.auth.Caller;
import java.util.List;
import java.util.Map;

/**
 * Inbound port: mounting and unmounting engines (admin only; {@code Unavailable("sealed")} while
 * sealed). Each mount gets its own data encryption key; unmounting destroys the mount's data and
 * its key.
 */
public interface MountAdminUseCase {

  /**
   * Mounts a new engine of {@code type} under {@code name}. {@code InvalidInput} for an unknown
   * type or a configuration the engine refuses; {@code Conflict} when the name is taken.
   */
  Mount mount(Caller caller, String name, String type, Map<String, Object> config);

  /** Every mount, by name. */
  List<Mount> list(Caller caller);

  /** Removes the mount and everything stored under it; {@code NotFound} when there is none. */
  void unmount(Caller caller, String name);

  /** The engine types this service can mount ({@code transit}, ...), sorted. */
  List<String> types();
}
