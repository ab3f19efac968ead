package dev.metacircular.benchmarks;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.Argon2id;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Unseal with the default seal parameters (Argon2id t=3, 128 MiB, 4 lanes) beside the reference C
 * implementation's command-line tool ({@code argon2}, Debian package {@code argon2}) doing the same
 * derivation, in the same run (DESIGN.md §7).
 *
 * <p>Each repetition times, one after the other:
 *
 * <ol>
 *   <li><b>unseal</b>: {@link SealLifecycle#unseal} of a barrier initialized once with {@link
 *       SealSettings#DEFAULTS}, on SQLite in a temporary directory, sealed again before each
 *       repetition: read the seal config, Argon2id, open the keyring, the audit entry;
 *   <li><b>Java Argon2id</b>: {@link Argon2id#derive} alone with the same parameters (lanes on
 *       parallel threads, one per lane up to the number of processors);
 *   <li><b>Bouncy Castle</b>: Bouncy Castle's {@code Argon2BytesGenerator}, which computes the
 *       lanes one after another (what {@code Argon2id.derive} used before), for comparison;
 *   <li><b>argon2 CLI</b>: {@code argon2 <salt> -id -t 3 -m 17 -p 4 -l 32 -r} as a child process
 *       reading the password on standard input ({@code -m} is log2 of KiB: 2^17 KiB = 128 MiB).
 * </ol>
 *
 * Before each Java step the heap is collected, so no step pays for the previous one's 128 MiB. Wall
 * time is the figure; CPU time (this process's, and the CLI's as its shell reports it) is printed
 * beside it because the machine is shared. The Java and CLI derivations use the same password and
 * salt and must give the same bytes, which checks that the parameters agree.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.UnsealMain [options]
 *   --repetitions N   timed repetitions of each step (5)
 *   --warmup N        untimed repetitions first (1); the very first unseal is printed apart
 *   --argon2 PATH     the argon2 tool (argon2, looked up on PATH)
 * </pre>
 */
public final class UnsealMain {

  static final double TARGET = 2.0;
  static final int OUTPUT_LENGTH = 32;
  private static final String PASSWORD = "unseal benchmark password";
  private static final String SALT = "metacrypt-bench-salt";
  private static final Caller ADMIN = Caller.offlineTool("bench");

  private UnsealMain() {}

  /** One timed step: wall and CPU time in nanoseconds (CPU -1 when unknown). */
  record Sample(long wallNanos, long cpuNanos) {}

  /** The samples of one step and their summary. */
  record Step(String name, List<Sample> samples) {
    long medianWall() {
      return median(samples.stream().mapToLong(Sample::wallNanos).toArray());
    }

    long medianCpu() {
      long[] cpu = samples.stream().mapToLong(Sample::cpuNanos).toArray();
      return Arrays.stream(cpu).anyMatch(c -> c < 0) ? -1 : median(cpu);
    }

    long minWall() {
      return samples.stream().mapToLong(Sample::wallNanos).min().orElse(0);
    }

    long maxWall() {
      return samples.stream().mapToLong(Sample::wallNanos).max().orElse(0);
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args;
    try {
      args = Args.parse(argv, Set.of("repetitions", "warmup", "argon2"), Set.of("help"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (args.flag("help")) {
      System.out.println("usage: UnsealMain [--repetitions 5] [--warmup 1] [--argon2 argon2]");
      return;
    }
    int repetitions = args.integer("repetitions", 5);
    int warmup = args.integer("warmup", 1);
    String argon2 = args.string("argon2", "argon2");
    Argon2Parameters kdf = SealSettings.DEFAULTS.kdf();
    PrintStream out = System.out;
    String started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = Environment.loadAverage();

    List<String> cli = argon2Command(argon2, SALT, kdf, OUTPUT_LENGTH);
    out.println("argon2 CLI: " + String.join(" ", cli) + "  (password on standard input)");
    Path dir = Files.createTempDirectory("mc-bench-unseal-");
    try (SqliteCryptoStorage sqlite = SqliteCryptoStorage.open(dir.resolve("metacrypt.db"))) {
      SealLifecycle seal =
          new SealLifecycle(
              sqlite.physical(),
              SealSettings.DEFAULTS,
              Clock.systemUTC(),
              sqlite.audit(),
              Runnable::run);
      long initStart = System.nanoTime();
      seal.initialize(PASSWORD.toCharArray());
      long initNanos = System.nanoTime() - initStart;
      seal.seal(ADMIN);

      // The same bytes from both implementations, or the comparison is of different work.
      byte[] javaHash = javaDerive(kdf);
      CliResult check = runCli(cli, PASSWORD);
      byte[] bcHash = bouncyCastleDerive(kdf);
      if (!HexFormat.of().formatHex(javaHash).equals(check.hex())
          || !Arrays.equals(javaHash, bcHash)) {
        throw new IllegalStateException(
            "the argon2 tool, Argon2id.derive and Bouncy Castle disagree: "
                + check.hex()
                + " vs "
                + HexFormat.of().formatHex(javaHash)
                + " vs "
                + HexFormat.of().formatHex(bcHash));
      }
      out.println(
          "check: argon2 CLI, Argon2id.derive and Bouncy Castle give the same "
              + OUTPUT_LENGTH
              + " bytes");

      for (int i = 0; i < warmup; i++) {
        timeUnseal(seal);
        timeJava(kdf);
        timeBouncyCastle(kdf);
        timeCli(cli);
      }
      Step unseal = new Step("unseal (SealLifecycle on SQLite)", new ArrayList<>());
      Step java = new Step("Java Argon2id.derive", new ArrayList<>());
      Step bc = new Step("Bouncy Castle (lanes in turn)", new ArrayList<>());
      Step tool = new Step("argon2 CLI (child process)", new ArrayList<>());
      for (int i = 1; i <= repetitions; i++) {
        Sample u = timeUnseal(seal);
        Sample j = timeJava(kdf);
        Sample b = timeBouncyCastle(kdf);
        Sample c = timeCli(cli);
        unseal.samples().add(u);
        java.samples().add(j);
        bc.samples().add(b);
        tool.samples().add(c);
        out.printf(
            Locale.ROOT,
            "repetition %d: unseal %.3f s, Java derive %.3f s, Bouncy Castle %.3f s,"
                + " argon2 CLI %.3f s%n",
            i,
            seconds(u.wallNanos()),
            seconds(j.wallNanos()),
            seconds(b.wallNanos()),
            seconds(c.wallNanos()));
      }

      out.println();
      out.println("== Metacircular unseal summary ==");
      out.println(Environment.describe() + "; started " + started);
      out.println(
          "load average (1/5/15 min): at start "
              + loadBefore
              + "; at end "
              + Environment.loadAverage());
      out.printf(
          Locale.ROOT,
          "Argon2id t=%d, m=%d KiB (%d MiB), p=%d, %d-byte output; %d repetition(s) after %d"
              + " warm-up round(s)%n",
          kdf.iterations(),
          kdf.memoryKiB(),
          kdf.memoryKiB() / 1024,
          kdf.parallelism(),
          OUTPUT_LENGTH,
          repetitions,
          warmup);
      out.printf(
          Locale.ROOT,
          "init (the first Argon2id of this JVM: cold, as a server's first unseal): %.3f s%n",
          seconds(initNanos));
      out.println();
      out.print(table(List.of(unseal, java, bc, tool)));
      out.println();
      out.print(verdicts(unseal, java, tool));
      out.printf(
          Locale.ROOT,
          "Bouncy Castle (lanes in turn) / argon2 CLI (median wall time): %.2fx%n",
          (double) bc.medianWall() / tool.medianWall());
      seal.seal(ADMIN);
    } finally {
      TempDirs.deleteTree(dir);
    }
  }

  // --- the steps -------------------------------------------------------------------------------

  private static Sample timeUnseal(SealLifecycle seal) {
    System.gc();
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    seal.unseal(PASSWORD.toCharArray(), "127.0.0.1");
    long wall = System.nanoTime() - start;
    long cpuAfter = processCpuNanos();
    seal.seal(ADMIN);
    return new Sample(wall, cpu < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpu);
  }

  private static Sample timeJava(Argon2Parameters kdf) {
    System.gc();
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    byte[] hash = javaDerive(kdf);
    long wall = System.nanoTime() - start;
    long cpuAfter = processCpuNanos();
    Arrays.fill(hash, (byte) 0);
    return new Sample(wall, cpu < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpu);
  }

  private static Sample timeBouncyCastle(Argon2Parameters kdf) {
    System.gc();
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    byte[] hash = bouncyCastleDerive(kdf);
    long wall = System.nanoTime() - start;
    long cpuAfter = processCpuNanos();
    Arrays.fill(hash, (byte) 0);
    return new Sample(wall, cpu < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpu);
  }

  private static byte[] bouncyCastleDerive(Argon2Parameters kdf) {
    var params =
        new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
            .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
            .withIterations(kdf.iterations())
            .withMemoryAsKB(kdf.memoryKiB())
            .withParallelism(kdf.parallelism())
            .withSalt(SALT.getBytes(StandardCharsets.US_ASCII))
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[OUTPUT_LENGTH];
    generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  private static byte[] javaDerive(Argon2Parameters kdf) {
    try (SecretBytes derived =
        Argon2id.derive(
            PASSWORD.toCharArray(), SALT.getBytes(StandardCharsets.US_ASCII), kdf, OUTPUT_LENGTH)) {
      return derived.withBytes(byte[]::clone);
    }
  }

  private static Sample timeCli(List<String> cli) throws IOException, InterruptedException {
    long start = System.nanoTime();
    CliResult r = runCli(cli, PASSWORD);
    long wall = System.nanoTime() - start;
    return new Sample(wall, r.cpuNanos());
  }

  /** The tool's hex output and the CPU time it used (from its shell's {@code cutime + cstime}). */
  record CliResult(String hex, long cpuNanos) {}

  /**
   * Runs the tool under {@code sh}, which then prints its own {@code /proc/<pid>/stat}: the
   * waited-for children's CPU time there is the tool's.
   */
  static CliResult runCli(List<String> cli, String password)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of("sh", "-c", "\"$0\" \"$@\"; status=$?; cat /proc/$$/stat; exit $status"));
    command.addAll(cli);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(password.getBytes(StandardCharsets.UTF_8));
    }
    String output;
    try (InputStream stdout = p.getInputStream()) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      stdout.transferTo(buffer);
      output = buffer.toString(StandardCharsets.US_ASCII);
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("the argon2 tool did not finish within 5 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "the argon2 tool failed with status "
              + p.exitValue()
              + " (is it installed? Debian: apt-get install argon2)");
    }
    String[] lines = output.strip().split("\n");
    if (lines.length < 2) {
      throw new IllegalStateException("unexpected output from the argon2 tool: " + output);
    }
    return new CliResult(lines[0].strip(), childCpuNanos(lines[lines.length - 1]));
  }

  // --- pure helpers (unit tested) --------------------------------------------------------------

  /**
   * The tool's command line for {@code kdf}: memory as {@code -m log2(KiB)} when it is a power of
   * two (128 MiB is {@code -m 17}), as {@code -k KiB} otherwise.
   */
  static List<String> argon2Command(
      String tool, String salt, Argon2Parameters kdf, int outputLength) {
    int kib = kdf.memoryKiB();
    List<String> memory =
        Integer.bitCount(kib) == 1
            ? List.of("-m", Integer.toString(Integer.numberOfTrailingZeros(kib)))
            : List.of("-k", Integer.toString(kib));
    List<String> command =
        new ArrayList<>(List.of(tool, salt, "-id", "-t", Integer.toString(kdf.iterations())));
    command.addAll(memory);
    command.addAll(
        List.of(
            "-p", Integer.toString(kdf.parallelism()), "-l", Integer.toString(outputLength), "-r"));
    return command;
  }

  /**
   * {@code cutime + cstime} (fields 16 and 17) of a {@code /proc/<pid>/stat} line, in nanoseconds
   * at USER_HZ = 100; -1 when the line cannot be read.
   */
  static long childCpuNanos(String statLine) {
    try {
      String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
      // fields[0] is field 3 (state): cutime is field 16, cstime field 17.
      long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
      return ticks * 10_000_000L;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** The lower median of {@code values} (0 when empty). */
  static long median(long[] values) {
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(sorted.length - 1) / 2];
  }

  static String table(List<Step> steps) {
    String header =
        String.format(
            Locale.ROOT,
            "%-32s %4s %10s %8s %8s %14s",
            "step",
            "runs",
            "median s",
            "min s",
            "max s",
            "median CPU s");
    StringBuilder sb =
        new StringBuilder(header).append('\n').append("-".repeat(header.length())).append('\n');
    for (Step s : steps) {
      long cpu = s.medianCpu();
      sb.append(
          String.format(
              Locale.ROOT,
              "%-32s %4d %10.3f %8.3f %8.3f %14s%n",
              s.name(),
              s.samples().size(),
              seconds(s.medianWall()),
              seconds(s.minWall()),
              seconds(s.maxWall()),
              cpu < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", seconds(cpu))));
    }
    return sb.toString();
  }

  static String verdicts(Step unseal, Step java, Step tool) {
    StringBuilder sb = new StringBuilder();
    double ratio = (double) unseal.medianWall() / tool.medianWall();
    sb.append(
        String.format(
            Locale.ROOT,
            "unseal / argon2 CLI (median wall time): %.2fx   target <= %.2fx   %s%n",
            ratio,
            TARGET,
            ratio <= TARGET ? "PASS" : "MISS"));
    sb.append(
        String.format(
            Locale.ROOT,
            "Java Argon2id / argon2 CLI (median wall time): %.2fx%n",
            (double) java.medianWall() / tool.medianWall()));
    sb.append(
        String.format(
            Locale.ROOT,
            "unseal minus Java Argon2id (median wall; noise may make it negative): %.3f s%n",
            seconds(unseal.medianWall() - java.medianWall())));
    if (java.medianCpu() > 0 && tool.medianCpu() > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "CPU time Java Argon2id / argon2 CLI (medians): %.2fx"
                  + "  (CPU time is the work done; wall time is what an operator waits)%n",
              (double) java.medianCpu() / tool.medianCpu()));
    }
    return sb.toString();
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
