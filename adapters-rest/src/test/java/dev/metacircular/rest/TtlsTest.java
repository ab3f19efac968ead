package dev.metacircular.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.metacircular.ports.error.DomainException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TtlsTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @ParameterizedTest
  @CsvSource({
    "720h, PT720H",
    "30m, PT30M",
    "15s, PT15S",
    "365d, PT8760H",
    "1h30m, PT1H30M",
    "1d12h, PT36H",
    "0s, PT0S"
  })
  void goStyleDurationsParse(String text, String expected) {
    assertThat(Ttls.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "h",
        "10",
        "10 h",
        "10H",
        "1.5h",
        "-1h",
        "+1h",
        "10ms",
        "10us",
        "1w",
        "h10",
        "1h 30m",
        "9999999999h"
      })
  void anythingElseIsInvalid(String text) {
    assertThatThrownBy(() -> Ttls.parse(text))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageStartingWith("invalid ttl");
  }

  @Test
  void longInputIsRefusedWithoutRegexWork() {
    assertThatThrownBy(() -> Ttls.parse("1h".repeat(10_000)))
        .isInstanceOf(DomainException.InvalidInput.class);
  }

  @Test
  void jsonNumbersAreWholeSeconds() {
    assertThat(Ttls.parse(NODES.numberNode(90))).isEqualTo(Duration.ofSeconds(90));
    assertThat(Ttls.parse(NODES.numberNode(-5L))).isEqualTo(Duration.ofSeconds(-5));
    assertThat(Ttls.parse(NODES.textNode("2h"))).isEqualTo(Duration.ofHours(2));
    assertThat(Ttls.parse((com.fasterxml.jackson.databind.JsonNode) null)).isNull();
    assertThat(Ttls.parse(NODES.nullNode())).isNull();
    assertThatThrownBy(() -> Ttls.parse(NODES.numberNode(1.5)))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(() -> Ttls.parse(NODES.booleanNode(true)))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(() -> Ttls.parse(NODES.numberNode(new java.math.BigInteger("9".repeat(30)))))
        .isInstanceOf(DomainException.InvalidInput.class);
  }
}
