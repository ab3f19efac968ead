package dev.metacircular.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What Linux says about another process: resident memory from {@code /proc/<pid>/status} and CPU
 * time from {@code /proc/<pid>/stat}. Empty where {@code /proc} is missing (not Linux).
 */
final class ProcStats {
  /** USER_HZ: the unit of utime/stime. 100 on every Linux this runs on. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private ProcStats() {}

  /** {@code VmRSS} in KiB, or empty. */
  static OptionalLong rssKiB(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** {@code VmHWM} (the peak RSS the kernel saw) in KiB, or empty. */
  static OptionalLong peakRssKiB(long pid) {
    return statusField(pid, "VmHWM:");
  }

  /** User plus system CPU time the process has used, in milliseconds, or empty. */
  static OptionalLong cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // fields[0] is field 3 (state); utime is field 14 and stime field 15.
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return OptionalLong.of(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static OptionalLong statusField(long pid, String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]));
        }
      }
      return OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
