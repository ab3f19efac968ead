package dev.metacircular.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The table printed after a JMH run: every benchmark's score, and for each benchmark that has a
 * baseline, the ratio to that baseline as measured in the same run (DESIGN.md §7), with the target
 * where one is set. Pure formatting over plain values, so it is unit tested without JMH.
 */
final class JmhSummary {

  /** One JMH result: {@code Class.method}, its {@code @Param} values, and the score. */
  record Result(
      String benchmark, Map<String, String> params, double score, double error, String unit) {
    Result {
      Objects.requireNonNull(benchmark, "benchmark");
      params = params == null ? Map.of() : Map.copyOf(new TreeMap<>(params));
      unit = unit == null ? "" : unit;
    }

    boolean timePerOperation() {
      return unit.endsWith("/op");
    }

    String label() {
      if (params.isEmpty()) {
        return benchmark;
      }
      StringBuilder sb = new StringBuilder(benchmark).append(" (");
      String sep = "";
      for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
        sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
        sep = ", ";
      }
      return sb.append(')').toString();
    }
  }

  /**
   * {@code benchmark} is judged against {@code baseline} (both {@code Class.method}; results are
   * paired when their parameters agree). {@code target} is the least acceptable ratio, or null when
   * the ratio is only reported.
   */
  record Comparison(String benchmark, String baseline, Double target) {}

  /** The comparisons this module defines. */
  static final List<Comparison> COMPARISONS =
      List.of(
          new Comparison(
              "TokenValidateBenchmark.jwtVerify", "TokenValidateBenchmark.rawVerify", null),
          new Comparison(
              "TokenValidateBenchmark.validateCold", "TokenValidateBenchmark.rawVerify", 0.5),
          new Comparison(
              "TokenValidateBenchmark.validateCached", "TokenValidateBenchmark.rawVerify", 0.5),
          new Comparison(
              "TokenValidateBenchmark.validateCachedSqlite",
              "TokenValidateBenchmark.rawVerify",
              null),
          new Comparison("AesGcmBenchmark.seal", "AesGcmBenchmark.jdkGcmEncrypt", null),
          new Comparison("AesGcmBenchmark.open", "AesGcmBenchmark.jdkGcmDecrypt", null),
          new Comparison(
              "PolicyEvaluateBenchmark.evaluate", "PolicyEvaluateBenchmark.preSortedScan", null),
          new Comparison(
              "PolicyEvaluateBenchmark.evaluateDefaultDeny",
              "PolicyEvaluateBenchmark.preSortedScan",
              null),
          new Comparison("BarrierBenchmark.systemGet", "BarrierBenchmark.rawGet", null),
          new Comparison("BarrierBenchmark.mountGet", "BarrierBenchmark.rawGet", null),
          new Comparison("BarrierBenchmark.systemPut", "BarrierBenchmark.rawPut", null),
          new Comparison("BarrierBenchmark.mountPut", "BarrierBenchmark.rawPut", null),
          new Comparison(
              "TransitBenchmark.jdkGcmEncryptBase64", "TransitBenchmark.jdkGcmEncrypt", null),
          new Comparison("TransitBenchmark.engineEncrypt", "TransitBenchmark.jdkGcmEncrypt", null),
          new Comparison(
              "TransitBenchmark.engineEncrypt", "TransitBenchmark.jdkGcmEncryptBase64", null),
          new Comparison("TransitBenchmark.binaryEncrypt", "TransitBenchmark.jdkGcmEncrypt", 0.7),
          new Comparison(
              "TransitBenchmark.binaryEncryptByRule", "TransitBenchmark.jdkGcmEncrypt", 0.7),
          new Comparison(
              "TransitBenchmark.binaryEncryptText", "TransitBenchmark.jdkGcmEncrypt", null),
          new Comparison("TransitBenchmark.coreEncrypt", "TransitBenchmark.jdkGcmEncrypt", null),
          new Comparison(
              "TransitBenchmark.coreEncrypt", "TransitBenchmark.jdkGcmEncryptBase64", null),
          new Comparison(
              "TransitBenchmark.coreEncryptByRule", "TransitBenchmark.jdkGcmEncrypt", null),
          new Comparison(
              "TransitBenchmark.coreEncryptByRule", "TransitBenchmark.jdkGcmEncryptBase64", null),
          new Comparison("SshCaBenchmark.engineSign", "SshCaBenchmark.bareEd25519Sign", 0.7),
          new Comparison(
              "UserCryptoBenchmark.engineEncryptDecrypt",
              "UserCryptoBenchmark.bareX25519HkdfGcm",
              0.7),
          new Comparison("CaSignBenchmark.caSign", "CaSignBenchmark.jcaSignTbs", 0.7),
          // The engine signs EC with Bouncy Castle; the figure is against the faster bare signer.
          new Comparison("CaSignBenchmark.caSign", "CaSignBenchmark.bcSignTbs", 0.7));

  /** A row of the table. {@code ratio}, {@code ratioError} are NaN without a baseline. */
  record Row(Result result, Optional<Comparison> comparison, double ratio, double ratioError) {
    boolean isBaseline() {
      return comparison.isEmpty()
          && COMPARISONS.stream().anyMatch(c -> c.baseline().equals(result.benchmark()));
    }

    /** PASS, MISS, or empty when there is no target (or no baseline was measured). */
    String verdict() {
      if (comparison.isEmpty() || comparison.get().target() == null || Double.isNaN(ratio)) {
        return "";
      }
      return ratio >= comparison.get().target() ? "PASS" : "MISS";
    }
  }

  private JmhSummary() {}

  /** One row per result, or one per comparison when a result has several baselines. */
  static List<Row> rows(List<Result> results, List<Comparison> comparisons) {
    List<Row> rows = new ArrayList<>();
    for (Result r : results) {
      List<Comparison> mine =
          comparisons.stream().filter(c -> c.benchmark().equals(r.benchmark())).toList();
      if (mine.isEmpty()) {
        rows.add(new Row(r, Optional.empty(), Double.NaN, Double.NaN));
      }
      for (Comparison comparison : mine) {
        double ratio = Double.NaN;
        double ratioError = Double.NaN;
        Optional<Result> base = baselineFor(r, comparison, results);
        if (base.isPresent() && base.get().score() > 0) {
          Result b = base.get();
          // A time per operation is better when lower: keep "higher ratio = closer to baseline".
          ratio = r.timePerOperation() ? b.score() / r.score() : r.score() / b.score();
          ratioError = ratio * Math.sqrt(square(relative(r)) + square(relative(b)));
        }
        rows.add(new Row(r, Optional.of(comparison), ratio, ratioError));
      }
    }
    return rows;
  }

  /** The baseline result with the same parameters, or the only one when the baseline has none. */
  private static Optional<Result> baselineFor(Result r, Comparison c, List<Result> results) {
    Optional<Result> same =
        results.stream()
            .filter(b -> b.benchmark().equals(c.baseline()) && b.params().equals(r.params()))
            .findFirst();
    if (same.isPresent()) {
      return same;
    }
    return results.stream()
        .filter(b -> b.benchmark().equals(c.baseline()) && b.params().isEmpty())
        .findFirst();
  }

  private static double relative(Result r) {
    return Double.isFinite(r.error()) && r.score() > 0 ? r.error() / r.score() : 0;
  }

  private static double square(double x) {
    return x * x;
  }

  /** The table as text, one benchmark per line, plus a legend. */
  static String format(List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(
        new String[] {
          "benchmark", "score", "± error", "unit", "baseline", "ratio", "target", "verdict"
        });
    for (Row row : rows) {
      Result r = row.result();
      String baseline =
          row.comparison()
              .map(c -> shortName(c.baseline()))
              .orElse(row.isBaseline() ? "(is baseline)" : "");
      String ratio =
          Double.isNaN(row.ratio())
              ? (row.comparison().isPresent() ? "no baseline run" : "")
              : String.format(Locale.ROOT, "%.3f", row.ratio())
                  + (Double.isNaN(row.ratioError()) || row.ratioError() == 0
                      ? ""
                      : String.format(Locale.ROOT, " ± %.3f", row.ratioError()));
      String target =
          row.comparison()
              .map(Comparison::target)
              .map(t -> String.format(Locale.ROOT, ">= %.2f", t))
              .orElse("");
      cells.add(
          new String[] {
            r.label(),
            number(r.score()),
            Double.isFinite(r.error()) ? number(r.error()) : "n/a",
            r.unit(),
            baseline,
            ratio,
            target,
            row.verdict()
          });
    }
    int[] widths = new int[cells.get(0).length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < cells.size(); n++) {
      String[] line = cells.get(n);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        boolean numeric = i == 1 || i == 2;
        String cell = line[i];
        String pad = " ".repeat(widths[i] - cell.length());
        sb.append(numeric ? pad + cell : cell + pad).append(i + 1 < line.length ? "  " : "");
      }
      out.append(sb.toString().stripTrailing()).append('\n');
      if (n == 0) {
        int total = 0;
        for (int w : widths) {
          total += w + 2;
        }
        out.append("-".repeat(total - 2)).append('\n');
      }
    }
    out.append(
        "ratio = throughput / baseline throughput from this same run (baseline time / time for a time per op); ± is the propagated 99.9% error.\n");
    return out.toString();
  }

  private static String shortName(String benchmark) {
    int dot = benchmark.lastIndexOf('.');
    return dot < 0 ? benchmark : benchmark.substring(dot + 1);
  }

  private static String number(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
