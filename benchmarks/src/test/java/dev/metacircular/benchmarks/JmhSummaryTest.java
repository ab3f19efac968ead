package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JmhSummaryTest {
  private static final String RAW = "TokenValidateBenchmark.rawVerify";
  private static final String COLD = "TokenValidateBenchmark.validateCold";
  private static final String CACHED = "TokenValidateBenchmark.validateCached";

  private static JmhSummary.Result result(
      String name, Map<String, String> params, double score, double error) {
    return new JmhSummary.Result(name, params, score, error, "ops/s");
  }

  @Test
  void ratioIsAgainstTheBaselineOfTheSameRunWithPropagatedError() {
    List<JmhSummary.Row> rows =
        JmhSummary.rows(
            List.of(result(RAW, Map.of(), 10_000, 100), result(COLD, Map.of(), 8_000, 80)),
            JmhSummary.COMPARISONS);

    JmhSummary.Row cold = rows.get(1);
    assertThat(cold.ratio()).isCloseTo(0.8, within(1e-9));
    assertThat(cold.ratioError()).isCloseTo(0.8 * Math.sqrt(2) * 0.01, within(1e-9));
    assertThat(cold.verdict()).isEqualTo("PASS");
    assertThat(rows.get(0).isBaseline()).isTrue();
  }

  @Test
  void belowTheTargetIsAMiss() {
    List<JmhSummary.Row> rows =
        JmhSummary.rows(
            List.of(result(RAW, Map.of(), 10_000, 0), result(CACHED, Map.of(), 4_000, 0)),
            JmhSummary.COMPARISONS);

    assertThat(rows.get(1).verdict()).isEqualTo("MISS");
  }

  @Test
  void withoutItsBaselineInTheRunThereIsNoRatioAndNoVerdict() {
    List<JmhSummary.Row> rows =
        JmhSummary.rows(List.of(result(COLD, Map.of(), 8_000, 80)), JmhSummary.COMPARISONS);

    assertThat(rows.get(0).ratio()).isNaN();
    assertThat(rows.get(0).verdict()).isEmpty();
    assertThat(JmhSummary.format(rows)).contains("no baseline run");
  }

  @Test
  void parameterisedResultsPairWithTheBaselineOfTheSameParameters() {
    List<JmhSummary.Row> rows =
        JmhSummary.rows(
            List.of(
                result("AesGcmBenchmark.jdkGcmEncrypt", Map.of("size", "64"), 1_000, 0),
                result("AesGcmBenchmark.jdkGcmEncrypt", Map.of("size", "1024"), 500, 0),
                result("AesGcmBenchmark.seal", Map.of("size", "64"), 900, 0),
                result("AesGcmBenchmark.seal", Map.of("size", "1024"), 250, 0)),
            JmhSummary.COMPARISONS);

    assertThat(rows.get(2).ratio()).isCloseTo(0.9, within(1e-9));
    assertThat(rows.get(3).ratio()).isCloseTo(0.5, within(1e-9));
    assertThat(rows.get(3).verdict()).isEmpty();
  }

  @Test
  void aBenchmarkWithTwoBaselinesGetsOneRowForEach() {
    List<JmhSummary.Result> results =
        List.of(
            result("T.raw", Map.of(), 1_000, 0),
            result("T.floor", Map.of(), 500, 0),
            result("T.ours", Map.of(), 400, 0));
    List<JmhSummary.Comparison> comparisons =
        List.of(
            new JmhSummary.Comparison("T.ours", "T.raw", 0.7),
            new JmhSummary.Comparison("T.ours", "T.floor", null));

    List<JmhSummary.Row> rows = JmhSummary.rows(results, comparisons);

    assertThat(rows).hasSize(4);
    assertThat(rows.get(2).ratio()).isCloseTo(0.4, within(1e-9));
    assertThat(rows.get(2).verdict()).isEqualTo("MISS");
    assertThat(rows.get(3).ratio()).isCloseTo(0.8, within(1e-9));
    assertThat(rows.get(3).verdict()).isEmpty();
    assertThat(JmhSummary.format(rows)).contains("raw", "floor", "0.400", "0.800");
  }

  @Test
  void transitsBinaryPathIsJudgedAgainstRawAesGcmWithTheTargetOfTheIssue() {
    assertThat(JmhSummary.COMPARISONS)
        .contains(
            new JmhSummary.Comparison(
                "TransitBenchmark.binaryEncrypt", "TransitBenchmark.jdkGcmEncrypt", 0.7),
            new JmhSummary.Comparison(
                "TransitBenchmark.binaryEncryptByRule", "TransitBenchmark.jdkGcmEncrypt", 0.7),
            // The JSON-shaped path carries base64 both ways: shown beside the same work, no target.
            new JmhSummary.Comparison(
                "TransitBenchmark.coreEncrypt", "TransitBenchmark.jdkGcmEncryptBase64", null));
  }

  @Test
  void timePerOperationRatiosAreInvertedSoHigherStillMeansCloserToTheBaseline() {
    List<JmhSummary.Row> rows =
        JmhSummary.rows(
            List.of(
                new JmhSummary.Result(RAW, Map.of(), 50, 0, "us/op"),
                new JmhSummary.Result(COLD, Map.of(), 100, 0, "us/op")),
            JmhSummary.COMPARISONS);

    assertThat(rows.get(1).ratio()).isCloseTo(0.5, within(1e-9));
    assertThat(rows.get(1).verdict()).isEqualTo("PASS");
  }

  @Test
  void theTableNamesEachBenchmarkItsBaselineTargetAndVerdict() {
    String table =
        JmhSummary.format(
            JmhSummary.rows(
                List.of(
                    result(RAW, Map.of(), 12_345.6, 12.3),
                    result(COLD, Map.of(), 4_000, Double.NaN)),
                JmhSummary.COMPARISONS));

    assertThat(table)
        .contains(
            RAW, "12,346", "(is baseline)", COLD, "rawVerify", "0.324", ">= 0.50", "MISS", "n/a");
  }
}
