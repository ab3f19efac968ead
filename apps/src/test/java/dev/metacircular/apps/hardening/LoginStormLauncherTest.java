package dev.metacircular.apps.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 11 at the launcher: {@code ./mc} gives the JVM a heap bound that fits the configured
 * Argon2 work (one set per processor, one seal derivation, 256 MiB headroom) instead of letting it
 * size the heap from the machine, keeps the heap's growth inside it close to the live set, and
 * {@code MC_JAVA_OPTS} overrides it.
 */
class LoginStormLauncherTest {
  private static final Path LAUNCHER = Path.of("..", "mc").toAbsolutePath().normalize();
  private static final int CPUS = nproc();

  /**
   * How the heap grows inside the bound: a small initial size and 10-30% free ratios, so that the
   * pool's block sets do not bring G1's default 40% of free heap (and its growth toward 1/64 of
   * RAM) with them; measured in docs/benchmarks.md, "Login storm memory".
   */
  private static final String SIZING = " -Xms32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30";

  @Test
  void theDefaultBoundFitsTheDefaultArgon2Work(@TempDir Path dir) throws Exception {
    // 64 MiB per password hash (the default), 128 MiB for the seal, 256 MiB headroom.
    String expected = "-Xmx" + (CPUS * 64 + 128 + 256) + "m" + SIZING;
    assertThat(heap(dir, Map.of(), "dev")).isEqualTo(expected);
    assertThat(heap(dir, Map.of(), "mcias", "server")).isEqualTo(expected);
  }

  @Test
  void theBoundFollowsTheConfiguredArgon2Memory(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("big.toml");
    Files.writeString(config, "[security]\nargon2_memory_kib = 262144\n");
    String expected = "-Xmx" + (CPUS * 256 + 256 + 256) + "m" + SIZING;

    assertThat(heap(dir, Map.of(), "mcias", "server", "--config", config.toString()))
        .isEqualTo(expected);
    assertThat(heap(dir, Map.of(), "mcias", "server", "--config=" + config)).isEqualTo(expected);
    assertThat(heap(dir, Map.of("MCIAS_CONFIG", config.toString()), "mcias", "server"))
        .isEqualTo(expected);
    assertThat(heap(dir, Map.of("MCIAS_SECURITY_ARGON2_MEMORY_KIB", "262144"), "mcias", "server"))
        .isEqualTo(expected);
  }

  @Test
  void mcJavaOptsOverridesTheBound(@TempDir Path dir) throws Exception {
    assertThat(heap(dir, Map.of("MC_JAVA_OPTS", "-Xmx3g"), "dev")).isEmpty();
    assertThat(heap(dir, Map.of("MC_JAVA_OPTS", "-XX:MaxRAMPercentage=50"), "dev")).isEmpty();
  }

  /**
   * What the launcher would add to the java command line ({@code MC_PRINT_HEAP=1}: runs nothing).
   */
  private static String heap(Path cwd, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().remove("MC_JAVA_OPTS");
    pb.environment().remove("MCIAS_CONFIG");
    pb.environment().remove("MCIAS_SECURITY_ARGON2_MEMORY_KIB");
    pb.environment().remove("METACRYPT_SEAL_ARGON2_MEMORY_KIB");
    pb.environment().putAll(env);
    pb.environment().put("MC_PRINT_HEAP", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static int nproc() {
    try {
      Process p = new ProcessBuilder("nproc").start();
      return Integer.parseInt(
          new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("nproc", e);
    }
  }
}
