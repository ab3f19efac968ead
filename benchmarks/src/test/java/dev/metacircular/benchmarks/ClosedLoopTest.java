package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

  /** A round of {@code requests} requests, each taking 1..requests microseconds. */
  static ClosedLoop.Round round(
      String endpoint, String name, int requests, double seconds, long serverCpuMillis) {
    LatencySamples samples = new LatencySamples();
    for (int i = 1; i <= requests; i++) {
      samples.record(i * 1_000L);
    }
    return new ClosedLoop.Round(
        endpoint,
        name,
        requests,
        0,
        seconds,
        samples,
        samples.summarize(),
        serverCpuMillis,
        500,
        100 * 1024);
  }

  @Test
  void theTotalAddsRequestsTimeAndCpuAndKeepsThePeak() {
    ClosedLoop.Round one = round("encrypt", "1", 100, 1.0, 10);
    ClosedLoop.Round two =
        new ClosedLoop.Round(
            "encrypt",
            "2",
            300,
            2,
            3.0,
            round("x", "2", 300, 1, 0).samples(),
            null,
            30,
            -1,
            200 * 1024);

    ClosedLoop.Round all = ClosedLoop.total("encrypt", List.of(one, two));

    assertThat(all.requests()).isEqualTo(400);
    assertThat(all.errors()).isEqualTo(2);
    assertThat(all.throughput()).isEqualTo(100.0);
    assertThat(all.serverCpuMicrosPerRequest()).isEqualTo(100.0);
    assertThat(all.clientCpuMicrosPerRequest()).isNaN();
    assertThat(all.peakRssKiB()).isEqualTo(200 * 1024);
    assertThat(all.latency().count()).isEqualTo(400);
    assertThat(all.latency().max()).isEqualTo(300_000L);
  }

  @Test
  void theTableHasLoadMainsColumns() {
    String table = ClosedLoop.table(List.of(round("bare", "1", 100, 1.0, 10)));

    assertThat(table.lines().findFirst().orElseThrow())
        .contains(
            "round",
            "endpoint",
            "requests",
            "errors",
            "req/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms",
            "srv cpu us/r",
            "cli cpu us/r",
            "peak RSS");
    assertThat(table).contains("bare", "0.05", "0.09", "100 MiB");
  }
}
