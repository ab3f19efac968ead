package dev.metacircular.apps.cli;

import java.lang.reflect.Constructor;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Creates command objects for picocli, handing the {@link CommandEnvironment} to every command that
 * declares a constructor taking it, so no command reaches for global state.
 */
public final class EnvironmentFactory implements CommandLine.IFactory {
  private final CommandEnvironment environment;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  public EnvironmentFactory(CommandEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    for (Constructor<?> c : cls.getDeclaredConstructors()) {
      Class<?>[] params = c.getParameterTypes();
      if (params.length == 1 && params[0] == CommandEnvironment.class) {
        c.setAccessible(true);
        return cls.cast(c.newInstance(environment));
      }
    }
    return fallback.create(cls);
  }
}
