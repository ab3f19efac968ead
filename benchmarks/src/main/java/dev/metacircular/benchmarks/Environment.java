package dev.metacircular.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line naming the machine and JVM a figure was measured on, printed with every result. */
final class Environment {
  private Environment() {}

  static String describe() {
    Runtime rt = Runtime.getRuntime();
    return "cpus="
        + rt.availableProcessors()
        + "; java="
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + "; os="
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " "
        + System.getProperty("os.arch")
        + "; max heap="
        + rt.maxMemory() / (1024 * 1024)
        + " MiB";
  }

  /**
   * The 1, 5 and 15 minute load averages: on a shared machine a figure means little without them (a
   * load above the CPU count means other work competed for the cores).
   */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
