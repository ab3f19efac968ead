package dev.metacircular.rest.acmeclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * What the client takes from a server's text: a problem's message is one line of bounded length
 * whatever the server sent, and {@code Retry-After} in either of its forms (seconds or an HTTP
 * date) is the wait it says, anything else the default.
 */
class AcmeClientProperties {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @Property
  void aProblemIsOneBoundedLineWhateverTheServerSent(
      @ForAll String step, @ForAll String type, @ForAll String detail) {
    String message = new AcmeServerProblem(step, type, detail).getMessage();
    String fromServer = message.substring(step.length() + " refused: ".length());
    assertThat(fromServer)
        .doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029")
        .hasSizeLessThanOrEqualTo(2 * 303 + 2);
    assertThat(fromServer.chars().noneMatch(Character::isISOControl)).isTrue();
  }

  @Property
  void retryAfterInSecondsIsTheWaitItSays(@ForAll @LongRange(min = 0, max = 86_400) long s) {
    assertThat(answer(Long.toString(s)).retryAfter(Duration.ofMillis(1), NOW))
        .isEqualTo(Duration.ofSeconds(s));
  }

  @Property
  void retryAfterAsAnHttpDateIsTheTimeUntilThen(@ForAll @LongRange(min = 0, max = 86_400) long s) {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            NOW.plus(s, ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    assertThat(answer(date).retryAfter(Duration.ofMillis(1), NOW)).isEqualTo(Duration.ofSeconds(s));
  }

  @Property
  void anythingElseIsTheDefault(@ForAll("notAWait") String text) {
    assertThat(answer(text).retryAfter(Duration.ofMillis(7), NOW)).isEqualTo(Duration.ofMillis(7));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> notAWait() {
    return net.jqwik.api.Arbitraries.strings()
        .alpha()
        .ofMinLength(1)
        .ofMaxLength(20)
        .filter(t -> !t.isBlank());
  }

  private static AcmeSession.Answer answer(String retryAfter) {
    return new AcmeSession.Answer(
        200,
        HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (a, b) -> true),
        new byte[0]);
  }
}
