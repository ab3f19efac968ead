package dev.metacircular.apps.service;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.spi.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A service opened from its modules, in the one order every service shares: the injector (storage,
 * then the core over it), then the {@link BeforeListening} steps, then each {@link Door} in the
 * order its module was composed. Whatever fails, what was opened before is closed, and the
 * provider's own exception (not Guice's wrapper) is thrown, so the operator reads its message.
 *
 * @param core the service's core
 * @param listeners the open doors, in opening order (none for a local service)
 * @param lifecycle closes all of it, the doors first
 */
public record Opened<C>(C core, List<Listener> listeners, Lifecycle lifecycle) {

  public Opened {
    Objects.requireNonNull(core, "core");
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(lifecycle, "lifecycle");
  }

  /** The core over its storage, no doors: offline tools, the shell's offline mode. */
  static <C> Opened<C> local(Class<C> coreType, List<Module> modules) {
    return open(coreType, modules, false);
  }

  /** The core, the steps before listening, then the doors. */
  static <C> Opened<C> serving(Class<C> coreType, List<Module> modules) {
    return open(coreType, modules, true);
  }

  private static <C> Opened<C> open(Class<C> coreType, List<Module> modules, boolean listen) {
    Lifecycle lifecycle = new Lifecycle();
    try {
      List<Module> all = new ArrayList<>(modules);
      all.add(new ShapeModule(lifecycle));
      Injector injector = Guice.createInjector(Stage.PRODUCTION, all);
      C core = injector.getInstance(coreType);
      List<Listener> listeners = new ArrayList<>();
      if (listen) {
        for (BeforeListening step : injector.getInstance(new Key<Set<BeforeListening>>() {})) {
          step.run();
        }
        for (Door door : injector.getInstance(new Key<Set<Door>>() {})) {
          listeners.add(lifecycle.closeLater(door.open()));
        }
      }
      return new Opened<>(core, listeners, lifecycle);
    } catch (CreationException e) {
      closeAfterFailure(lifecycle, e);
      throw cause(e.getErrorMessages(), e);
    } catch (ProvisionException e) {
      closeAfterFailure(lifecycle, e);
      throw cause(e.getErrorMessages(), e);
    } catch (RuntimeException | Error e) {
      closeAfterFailure(lifecycle, e);
      throw e;
    }
  }

  private static void closeAfterFailure(Lifecycle lifecycle, Throwable failure) {
    try {
      lifecycle.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static RuntimeException cause(Iterable<Message> messages, RuntimeException fallback) {
    for (Message m : messages) {
      if (m.getCause() instanceof RuntimeException r) {
        return r;
      }
      if (m.getCause() != null) {
        return new IllegalStateException(m.getCause().getMessage(), m.getCause());
      }
    }
    return fallback;
  }

  /** What every service's injector holds besides its own modules. */
  private static final class ShapeModule extends AbstractModule {
    private final Lifecycle lifecycle;

    ShapeModule(Lifecycle lifecycle) {
      this.lifecycle = lifecycle;
    }

    @Override
    protected void configure() {
      bind(Lifecycle.class).toInstance(lifecycle);
      // Empty unless a module contributes: a service may have no doors, and no steps.
      Multibinder.newSetBinder(binder(), BeforeListening.class);
      Multibinder.newSetBinder(binder(), Door.class);
    }
  }
}
