package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySamplesTest {

  @Test
  void percentilesAreNearestRankOverAllSamples() {
    LatencySamples samples = new LatencySamples(4);
    for (long v = 100; v >= 1; v--) {
      samples.record(v);
    }

    LatencySamples.Summary s = samples.summarize();

    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50()).isEqualTo(50);
    assertThat(s.p90()).isEqualTo(90);
    assertThat(s.p99()).isEqualTo(99);
    assertThat(s.p999()).isEqualTo(100);
    assertThat(s.max()).isEqualTo(100);
  }

  @Test
  void mergeKeepsEverySampleOfEveryWorker() {
    LatencySamples a = new LatencySamples();
    LatencySamples b = new LatencySamples();
    a.record(5);
    a.record(1);
    b.record(3);

    LatencySamples.Summary s = LatencySamples.merge(List.of(a, b)).summarize();

    assertThat(s.count()).isEqualTo(3);
    assertThat(s.p50()).isEqualTo(3);
    assertThat(s.max()).isEqualTo(5);
  }

  @Test
  void noSamplesSummarizeToZeros() {
    assertThat(new LatencySamples().summarize())
        .isEqualTo(new LatencySamples.Summary(0, 0, 0, 0, 0, 0));
  }
}
