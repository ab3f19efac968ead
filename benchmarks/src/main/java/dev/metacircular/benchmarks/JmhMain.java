package dev.metacircular.benchmarks;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this module and prints, after JMH's own report, one table with each
 * figure beside its baseline from the same run and the ratio (see {@link JmhSummary}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.metacircular.benchmarks.JmhMain [options] [regex...]
 *   regex                     benchmarks to run (JMH include patterns); default: all of this module
 *   --forks N                 forked JVMs per benchmark (1)
 *   --warmup-iterations N     (3)          --warmup-time T   per warm-up iteration (2s)
 *   --iterations N            (5)          --time T          per measured iteration (2s)
 *   --threads N               benchmark threads (1)
 *   --mode thrpt|avgt         (thrpt)
 *   --param name=v1,v2[;name2=v]   override {@code @Param} values
 *   --jvm-args "ARGS"         extra JVM arguments for the forks
 *   --result FILE             also write JMH's JSON result file
 *   --quick                   1 warm-up and 2 measured iterations of 1s (a smoke run, not a figure)
 *   --list                    list the benchmarks and exit
 * </pre>
 */
public final class JmhMain {

  private static final String PACKAGE = "dev.metacircular.benchmarks.";

  private JmhMain() {}

  public static void main(String[] argv) throws RunnerException {
    Args args;
    try {
      args =
          Args.parse(
              argv,
              Set.of(
                  "forks",
                  "warmup-iterations",
                  "warmup-time",
                  "iterations",
                  "time",
                  "threads",
                  "mode",
                  "param",
                  "jvm-args",
                  "result"),
              Set.of("quick", "list", "help"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (args.flag("help")) {
      System.out.println(
          "usage: JmhMain [--forks N] [--warmup-iterations N] [--warmup-time 2s]"
              + " [--iterations N] [--time 2s] [--threads N] [--mode thrpt|avgt]"
              + " [--param name=v1,v2] [--jvm-args ARGS] [--result FILE] [--quick] [--list] [regex...]");
      return;
    }
    boolean quick = args.flag("quick");
    Mode mode = Mode.deepValueOf(args.string("mode", "thrpt"));
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .forks(args.integer("forks", 1))
            .warmupIterations(args.integer("warmup-iterations", quick ? 1 : 3))
            .warmupTime(time(args, "warmup-time", quick ? "1s" : "2s"))
            .measurementIterations(args.integer("iterations", quick ? 2 : 5))
            .measurementTime(time(args, "time", quick ? "1s" : "2s"))
            .threads(args.integer("threads", 1))
            .mode(mode)
            // Throughput in ops/s; a time per operation in microseconds.
            .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS)
            .shouldFailOnError(true);
    List<String> includes =
        args.positional().isEmpty()
            ? List.of(java.util.regex.Pattern.quote(PACKAGE) + ".*")
            : args.positional();
    includes.forEach(options::include);
    if (args.has("param")) {
      for (String assignment : args.string("param", "").split(";")) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("--param wants name=v1,v2, got " + assignment);
        }
        options.param(
            assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim().split(","));
      }
    }
    // The apps module's logback.xml is on the class path: keep the SQLite adapter's INFO lines
    // out of JMH's report.
    List<String> forkArgs =
        new ArrayList<>(List.of("-Dmc.log.level=WARN", "-Dmc.log.target=System.err"));
    if (args.has("jvm-args")) {
      forkArgs.addAll(List.of(args.string("jvm-args", "").trim().split("\\s+")));
    }
    options.jvmArgsAppend(forkArgs.toArray(String[]::new));
    if (args.has("result")) {
      options
          .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON)
          .result(args.string("result", "jmh-result.json"));
    }
    Runner runner = new Runner(options.build());
    if (args.flag("list")) {
      runner.list();
      return;
    }

    String started = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String loadBefore = Environment.loadAverage();
    Collection<RunResult> results = runner.run();
    List<JmhSummary.Result> summary = new ArrayList<>();
    for (RunResult rr : results) {
      var params = rr.getParams();
      Map<String, String> values = new LinkedHashMap<>();
      for (String key : params.getParamsKeys()) {
        values.put(key, params.getParam(key));
      }
      var primary = rr.getPrimaryResult();
      summary.add(
          new JmhSummary.Result(
              shortName(params.getBenchmark()),
              values,
              primary.getScore(),
              primary.getScoreError(),
              primary.getScoreUnit()));
    }
    PrintStream out = System.out;
    out.println();
    out.println("== Metacircular JMH summary ==");
    out.println(Environment.describe() + "; started " + started);
    out.println(
        "load average (1/5/15 min): at start "
            + loadBefore
            + "; at end "
            + Environment.loadAverage());
    out.println();
    out.print(JmhSummary.format(JmhSummary.rows(summary, JmhSummary.COMPARISONS)));
  }

  private static TimeValue time(Args args, String name, String fallback) {
    long millis = args.duration(name, Args.parseDuration(name, fallback)).toMillis();
    return TimeValue.milliseconds(millis);
  }

  private static String shortName(String benchmark) {
    return benchmark.startsWith(PACKAGE) ? benchmark.substring(PACKAGE.length()) : benchmark;
  }
}
