package dev.metacircular.apps.shell;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Creates the shell's command objects, handing each the {@link ShellContext}. */
final class ShellFactory implements CommandLine.IFactory {
  private final ShellContext context;
  private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

  ShellFactory(ShellContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    for (Constructor<?> c : cls.getDeclaredConstructors()) {
      Class<?>[] params = c.getParameterTypes();
      if (params.length == 1 && params[0] == ShellContext.class) {
        c.setAccessible(true);
        return cls.cast(c.newInstance(context));
      }
    }
    return fallback.create(cls);
  }
}
