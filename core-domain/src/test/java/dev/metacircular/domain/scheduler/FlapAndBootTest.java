package dev.metacircular.domain.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.scheduler.BootReport;
import dev.metacircular.ports.scheduler.BootStage;
import dev.metacircular.ports.scheduler.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlapAndBootTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void theSixthRestartWithinTenMinutesIsFlapping() {
    FlapDetector flaps = new FlapDetector(5, Duration.ofMinutes(10));
    for (int i = 0; i < 5; i++) {
      assertThat(flaps.recordRestart("web", T0.plusSeconds(60L * i))).isFalse();
    }
    assertThat(flaps.recordRestart("web", T0.plusSeconds(300))).isTrue();
    assertThat(flaps.restartsWithin("web", T0.plusSeconds(300))).isEqualTo(6);
    assertThat(flaps.reason()).isEqualTo("more than 5 restarts in 10 minutes");
  }

  @Test
  void restartsOutsideTheWindowAreForgottenAndServicesAreCountedApart() {
    FlapDetector flaps = new FlapDetector(2, Duration.ofMinutes(10));
    flaps.recordRestart("web", T0);
    flaps.recordRestart("web", T0.plusSeconds(60));
    assertThat(flaps.recordRestart("other", T0.plusSeconds(61))).isFalse();
    assertThat(flaps.recordRestart("web", T0.plusSeconds(601))).isFalse();
    assertThat(flaps.recordRestart("web", T0.plusSeconds(602))).isTrue();
    flaps.reset("web");
    assertThat(flaps.restartsWithin("web", T0.plusSeconds(602))).isZero();
  }

  @Test
  void bootRunsStagesInOrderAndStopsAtTheFirstFailedCheck() {
    List<String> started = new ArrayList<>();
    List<BootStage> stages =
        List.of(
            new BootStage("identity", List.of("mcias")),
            new BootStage("crypto", List.of("metacrypt", "mcr")),
            new BootStage("apps", List.of("web")));
    BootReport report =
        BootSequencer.run(
            stages,
            s -> {
              started.add(s);
              return Optional.empty();
            },
            s -> List.of(new HealthCheck.Tcp("127.0.0.1", s.equals("mcr") ? 2 : 1)),
            (check, within) ->
                check.port() == 2 ? Optional.of("connection refused") : Optional.empty(),
            Duration.ofSeconds(1));
    assertThat(started).containsExactly("mcias", "metacrypt", "mcr");
    assertThat(report)
        .isEqualTo(
            new BootReport.Failed(
                List.of("identity"), "crypto", "mcr", "tcp 127.0.0.1:2", "connection refused"));
  }

  @Test
  void aServiceThatCannotStartStopsTheBootAndAllPassingStagesComplete() {
    List<BootStage> stages = List.of(new BootStage("one", List.of("a")));
    assertThat(
            BootSequencer.run(
                stages,
                s -> Optional.of("service a is not deployed"),
                s -> List.of(),
                (c, w) -> Optional.empty(),
                Duration.ofSeconds(1)))
        .isEqualTo(
            new BootReport.Failed(List.of(), "one", "a", "start", "service a is not deployed"));
    assertThat(
            BootSequencer.run(
                stages,
                s -> Optional.empty(),
                s -> List.of(new HealthCheck.Http("h", 1, "/health")),
                (c, w) -> Optional.empty(),
                Duration.ofSeconds(1)))
        .isEqualTo(new BootReport.Completed(List.of("one")));
  }
}
