package dev.metacircular.domain.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void standsStillUntilMoved() {
    ManualClock clock = new ManualClock(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
  }

  @Test
  void advanceMovesForwardAndBack() {
    ManualClock clock = new ManualClock(START);

    clock.advance(Duration.ofSeconds(90));
    assertThat(clock.instant()).isEqualTo("2025-01-01T00:01:30Z");

    clock.advance(Duration.ofSeconds(-30));
    assertThat(clock.instant()).isEqualTo("2025-01-01T00:01:00Z");
  }

  @Test
  void setJumpsToTheGivenInstant() {
    ManualClock clock = new ManualClock(START);

    clock.set(Instant.parse("2030-06-15T12:00:00.5Z"));

    assertThat(clock.instant()).isEqualTo("2030-06-15T12:00:00.5Z");
  }

  @Test
  void itsZoneIsUtc() {
    assertThat(new ManualClock(START).getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void aViewInAnotherZoneFollowsTheClock() {
    ManualClock clock = new ManualClock(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.withZone(ZoneOffset.UTC)).isSameAs(clock);
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
  }

  @Test
  void nullsAreRefused() {
    ManualClock clock = new ManualClock(START);

    assertThatThrownBy(() -> new ManualClock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> clock.set(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void concurrentAdvancesAreNotLost() throws InterruptedException {
    ManualClock clock = new ManualClock(START);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  clock.advance(Duration.ofMillis(1));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(4));
  }
}
