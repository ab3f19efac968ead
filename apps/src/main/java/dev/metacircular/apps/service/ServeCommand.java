package dev.metacircular.apps.service;

import dev.metacircular.apps.cli.CommandEnvironment;
import dev.metacircular.apps.cli.UntilStopped;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * The {@code server} command every service shares ({@code mc mcias server}, {@code mc metacrypt
 * server}): loads the configuration, starts the service, and runs it until SIGTERM or Ctrl-C. A
 * service's command adds its description and says how it starts.
 */
public abstract class ServeCommand implements Callable<Integer> {
  private final CommandEnvironment environment;
  private final String shutdownThread;

  @Option(names = "--config", paramLabel = "FILE", description = "The TOML configuration file.")
  private Path config;

  protected ServeCommand(CommandEnvironment environment, String shutdownThread) {
    this.environment = environment;
    this.shutdownThread = shutdownThread;
  }

  /** Loads the configuration ({@code config} may be null: the default locations) and starts. */
  protected abstract AutoCloseable start(Path config, Map<String, String> env);

  @Override
  public final Integer call() throws InterruptedException {
    UntilStopped.await(start(config, environment.env()), shutdownThread);
    return 0;
  }
}
