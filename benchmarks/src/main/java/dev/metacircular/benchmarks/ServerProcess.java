package dev.metacircular.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link BenchServer} (or another bench server main) in a child JVM on this process's class path.
 * Reads its {@code BENCH key=value} lines; closing this object closes the child's standard input,
 * which stops it.
 */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final Map<String, String> values;

  private ServerProcess(Process process, Map<String, String> values) {
    this.process = process;
    this.values = values;
  }

  static ServerProcess start(
      List<String> jvmArgs, List<String> serverArgs, String logLevel, Duration timeout)
      throws IOException, InterruptedException {
    return start(BenchServer.class, jvmArgs, serverArgs, logLevel, timeout);
  }

  /** As above, running {@code mainClass}, which speaks the same {@code BENCH} protocol. */
  static ServerProcess start(
      Class<?> mainClass,
      List<String> jvmArgs,
      List<String> serverArgs,
      String logLevel,
      Duration timeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    // The apps module's logback.xml reads these: server logs go to stderr, at this level.
    command.add("-Dmc.log.level=" + logLevel);
    command.add("-Dmc.log.target=System.err");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(serverArgs);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Map<String, String> values = new ConcurrentHashMap<>();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> readLines(process, values, ready), "bench-server-stdout");
    reader.setDaemon(true);
    reader.start();
    ServerProcess server = new ServerProcess(process, values);
    try {
      ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      server.close();
      throw new IllegalStateException(
          "the bench server did not start: "
              + (e instanceof TimeoutException
                  ? "no 'ready' within " + timeout
                  : e.getCause().getMessage()));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return server;
  }

  private static void readLines(
      Process process, Map<String, String> values, CompletableFuture<Void> ready) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals("BENCH ready")) {
          ready.complete(null);
        } else if (line.startsWith("BENCH ") && line.indexOf('=') > 0) {
          String kv = line.substring("BENCH ".length());
          values.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        } else {
          System.err.println("[server] " + line);
        }
      }
      ready.completeExceptionally(
          new IllegalStateException(
              "the bench server exited"
                  + (process.isAlive() ? "" : " with status " + process.waitFor())));
    } catch (IOException | InterruptedException e) {
      ready.completeExceptionally(e);
    }
  }

  long pid() {
    return process.pid();
  }

  String value(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException("the bench server did not print " + key);
    }
    return v;
  }

  String valueOrNull(String key) {
    return values.get(key);
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
