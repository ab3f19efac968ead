package dev.metacircular.apps.service;

import com.google.inject.Module;
import java.util.List;

/**
 * A service's core open over its storage, with no door: what the offline tools and the shell's
 * offline mode act through, and what a {@link ServiceServer} serves. Each service names its own
 * ({@code LocalIdentity}, {@code LocalCrypto}) and composes its modules in one place. Closing
 * closes the core, then its storage.
 */
public class LocalService<C> implements AutoCloseable {
  private final Opened<C> opened;

  protected LocalService(Opened<C> opened) {
    this.opened = opened;
  }

  /** Opens the core from {@code modules}; nothing is left open when it fails. */
  protected static <C> Opened<C> open(Class<C> coreType, List<Module> modules) {
    return Opened.local(coreType, modules);
  }

  public C core() {
    return opened.core();
  }

  /** The open doors, in opening order; none for a local service. */
  protected final List<Listener> listeners() {
    return opened.listeners();
  }

  @Override
  public void close() {
    opened.lifecycle().close();
  }
}
