package dev.metacircular.apps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  @ParameterizedTest
  @CsvSource({
    "12h, PT12H",
    "720h, PT720H",
    "1h30m, PT1H30M",
    "1.5h, PT1H30M",
    "90s, PT1M30S",
    "500ms, PT0.5S",
    "2us, PT0.000002S",
    "0, PT0S",
    "-1m, PT-1M",
  })
  void parsesGoSpellings(String text, String iso) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "12", "3d", "h", "1h 30m", "12hours", "1.2.3s", "abc"})
  void refusesAnythingElse(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12h", "720h", "1h30m", "15m", "90s", "1s500ms"})
  void formatsWhatItParses(String text) {
    Duration d = GoDuration.parse(text);

    assertThat(GoDuration.parse(GoDuration.format(d))).isEqualTo(d);
  }

  @ParameterizedTest
  @CsvSource({"PT720H, 720h", "PT1H30M, 1h30m", "PT15M, 15m", "PT1M30S, 1m30s"})
  void formatsShortly(String iso, String text) {
    assertThat(GoDuration.format(Duration.parse(iso))).isEqualTo(text);
  }
}
