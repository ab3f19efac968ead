package dev.metacircular.podman;

import dev.metacircular.ports.scheduler.RuntimeFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one {@code podman} command with a deadline: the process is killed when it overruns, so a
 * hung Podman costs the caller {@code timeout} and never more. Output is drained on its own threads
 * so a chatty command cannot block on a full pipe.
 */
final class PodmanCli {

  /** What a finished command left behind. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The first line of stderr: Podman's own one-line reason ("Error: no such container"). */
    String reason() {
      String text = stderr.strip();
      int newline = text.indexOf('\n');
      String first = newline < 0 ? text : text.substring(0, newline);
      return first.isEmpty() ? "exit code " + exitCode : first;
    }
  }

  private final PodmanSettings settings;

  PodmanCli(PodmanSettings settings) {
    this.settings = settings;
  }

  /** The process for {@code args}, with the configured containers.conf and socket. */
  ProcessBuilder builder(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(settings.executable());
    if (!settings.socket().isEmpty()) {
      command.add("--url");
      command.add(settings.socket());
    }
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (settings.containersConf() != null) {
      builder.environment().put("CONTAINERS_CONF", settings.containersConf().toString());
    }
    return builder;
  }

  Result run(List<String> args) {
    return run(args, settings.callTimeout());
  }

  Result run(List<String> args, Duration timeout) {
    String what = "podman " + args.get(0);
    Process process;
    try {
      process = builder(args).start();
    } catch (IOException e) {
      throw new RuntimeFailure(what + " could not start: " + e.getMessage());
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Nothing is ever written to Podman's standard input; closing it only signals end of input.
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new RuntimeFailure(what + " did not answer within " + timeout.toSeconds() + "s");
      }
      return new Result(
          process.exitValue(),
          out.get(timeout.toMillis(), TimeUnit.MILLISECONDS),
          err.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new RuntimeFailure(what + " was interrupted");
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new RuntimeFailure(what + " output could not be read");
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                result.complete(bytes.toString(StandardCharsets.UTF_8));
              } catch (IOException | UncheckedIOException e) {
                result.completeExceptionally(e);
              }
            },
            "podman-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
