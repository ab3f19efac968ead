package dev.metacircular.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
  private static final Set<String> VALUED = Set.of("threads", "duration");
  private static final Set<String> BOOLEANS = Set.of("quick");

  @Test
  void readsSpacedAndEqualsFormsBooleansAndPositionals() {
    Args args =
        Args.parse(
            new String[] {"--threads", "8", "--duration=2.5s", "--quick", "Token.*"},
            VALUED,
            BOOLEANS);

    assertThat(args.integer("threads", 16)).isEqualTo(8);
    assertThat(args.duration("duration", Duration.ZERO)).isEqualTo(Duration.ofMillis(2500));
    assertThat(args.flag("quick")).isTrue();
    assertThat(args.positional()).containsExactly("Token.*");
  }

  @Test
  void absentFlagsTakeTheirDefaults() {
    Args args = Args.parse(new String[0], VALUED, BOOLEANS);

    assertThat(args.integer("threads", 16)).isEqualTo(16);
    assertThat(args.duration("duration", Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(args.flag("quick")).isFalse();
  }

  @Test
  void durationsAcceptMillisecondsSecondsMinutesAndBareSeconds() {
    assertThat(Args.parseDuration("d", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Args.parseDuration("d", "10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Args.parseDuration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Args.parseDuration("d", "3")).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void anUnknownFlagIsAnErrorNotSilentlyIgnored() {
    assertThatThrownBy(() -> Args.parse(new String[] {"--thread", "8"}, VALUED, BOOLEANS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--thread");
  }

  @Test
  void aValuedFlagWithoutValueIsAnError() {
    assertThatThrownBy(() -> Args.parse(new String[] {"--threads"}, VALUED, BOOLEANS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                Args.parse(new String[] {"--threads", "many"}, VALUED, BOOLEANS)
                    .integer("threads", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
