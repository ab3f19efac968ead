package dev.metacircular.apps.web;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the browser test scripts in {@code src/test/node} (Playwright driving Debian's {@code
 * /usr/bin/chromium}, headless). The first run installs the pinned {@code playwright-core} with
 * {@code npm ci} into {@code target/browser-node} (again only when {@code package-lock.json}
 * changes); scripts find it through {@code NODE_PATH}. A script that exits non-zero fails the test
 * with its whole output; screenshots go to {@code target/screenshots/<name>/}.
 *
 * <p>To add a flow: write {@code src/test/node/<flow>.js} on {@code lib/browser.js}'s {@code
 * run(...)}, start the servers it needs in a JUnit test, then {@code
 * BrowserScripts.run("<flow>.js", BrowserScripts.screenshots("<flow>"), args...)}.
 */
public final class BrowserScripts {
  static final Path SOURCE = Path.of("src", "test", "node").toAbsolutePath();
  static final Path INSTALL = Path.of("target", "browser-node").toAbsolutePath();
  static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

  private static final String NETWORK_CHANGED = "net::ERR_NETWORK_CHANGED";

  private static boolean installed;

  private BrowserScripts() {}

  /** {@code target/screenshots/<flow>}, emptied. */
  public static Path screenshots(String flow) {
    Path dir = SCREENSHOTS.resolve(flow);
    try {
      if (Files.isDirectory(dir)) {
        try (var files = Files.list(dir)) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.deleteIfExists(f);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Runs {@code node src/test/node/<script> <screenshotDir>...}: the first argument after the
   * script is {@code baseUrl}, then the screenshot directory, then {@code more}. Returns the
   * output; fails the test with it on a non-zero exit or a timeout.
   */
  public static String run(String script, String baseUrl, Path screenshotDir, String... more) {
    List<String> args = new ArrayList<>(List.of(baseUrl, screenshotDir.toString()));
    args.addAll(List.of(more));
    return run(script, DEFAULT_TIMEOUT, args);
  }

  public static String run(String script, Duration timeout, List<String> args) {
    install();
    List<String> command = new ArrayList<>(List.of("node", SOURCE.resolve(script).toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(SOURCE.toFile());
    pb.environment().put("NODE_PATH", INSTALL.resolve("node_modules").toString());
    Output out = exec(pb, timeout);
    if (out.exit != 0 && out.text.contains(NETWORK_CHANGED)) {
      // Chromium aborts a request in flight when the host's interfaces change (another test's
      // Podman adding or removing a container network does): a fault of the machine, not of the
      // pages, so the flow runs once more from the start; any other failure fails at once.
      out = exec(pb, timeout);
    }
    if (out.exit != 0) {
      fail("browser script " + script + " failed (exit " + out.exit + "):\n" + out.text);
    }
    return out.text;
  }

  /** {@code npm ci} into {@code target/browser-node}, once per lock file. */
  static synchronized void install() {
    if (installed) {
      return;
    }
    try {
      byte[] lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock));
      Path marker = INSTALL.resolve(".installed-lock-sha256");
      boolean current =
          Files.isRegularFile(marker)
              && Files.readString(marker).equals(digest)
              && Files.isDirectory(INSTALL.resolve("node_modules").resolve("playwright-core"));
      if (!current) {
        Files.createDirectories(INSTALL);
        Files.copy(
            SOURCE.resolve("package.json"),
            INSTALL.resolve("package.json"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(INSTALL.resolve("package-lock.json"), lock);
        ProcessBuilder npm =
            new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(INSTALL.toFile());
        Output out = exec(npm, INSTALL_TIMEOUT);
        if (out.exit != 0) {
          fail("npm ci in " + INSTALL + " failed (exit " + out.exit + "):\n" + out.text);
        }
        Files.writeString(marker, digest);
      }
      installed = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Output(int exit, String text) {}

  private static Output exec(ProcessBuilder pb, Duration timeout) {
    pb.redirectErrorStream(true);
    try {
      Process process = pb.start();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copy(process.getInputStream(), buffer), "browser-output");
      reader.setDaemon(true);
      reader.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(5_000);
        return new Output(
            -1, "timed out after " + timeout + "\n" + buffer.toString(StandardCharsets.UTF_8));
      }
      reader.join(10_000);
      return new Output(process.exitValue(), buffer.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      fail("cannot run " + pb.command() + " (is it installed?): " + e.getMessage());
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try {
      in.transferTo(out);
    } catch (IOException e) {
      // The process ended; what was read is what there is.
    }
  }
}
