package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcLoadMainTest {

  @Test
  void ratiosAreGrpcOverRestPerRoundAndOverall() {
    var restVal = ClosedLoopTest.round("rest-val", "1", 100, 1.0, 10);
    var grpcVal = ClosedLoopTest.round("grpc-val", "1", 200, 1.0, 10);
    var restEnc = ClosedLoopTest.round("rest-enc", "1", 100, 1.0, 20);
    var grpcEnc = ClosedLoopTest.round("grpc-enc", "1", 150, 1.0, 15);
    String ratios =
        GrpcLoadMain.ratios(
            Map.of(
                "rest-val",
                List.of(restVal),
                "grpc-val",
                List.of(grpcVal),
                "rest-enc",
                List.of(restEnc),
                "grpc-enc",
                List.of(grpcEnc)),
            Map.of(
                "rest-val",
                restVal,
                "grpc-val",
                grpcVal,
                "rest-enc",
                restEnc,
                "grpc-enc",
                grpcEnc));
    assertThat(ratios)
        .contains("round 1 ValidateToken throughput gRPC/REST: 2.000")
        .contains(
            "ValidateToken gRPC/REST, all rounds: throughput 2.000   server CPU per call 0.50x")
        .contains("round 1 Encrypt throughput gRPC/REST: 1.500")
        .contains("Encrypt gRPC/REST, all rounds: throughput 1.500   server CPU per call 0.50x");
  }

  @Test
  void aRoundOfCallsCountsSuccessesAndErrors() throws Exception {
    long self = ProcessHandle.current().pid();
    ClosedLoop.Round round =
        ClosedLoop.run(
            "calls",
            i -> {
              if (i % 3 == 0) {
                throw new IOException("refused");
              }
              return i % 3 == 1;
            },
            2,
            Duration.ofMillis(200),
            self,
            new ClosedLoop.RssSampler(self),
            "1");
    assertThat(round.requests()).isPositive();
    assertThat(round.errors()).isPositive();
    // two of every three calls fail: one throws, one answers false
    assertThat((double) round.errors() / (round.errors() + round.requests())).isBetween(0.5, 0.8);
  }
}
