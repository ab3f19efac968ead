package dev.metacircular.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void aPathCannotForgeALogLineNorFloodIt() {
    assertThat(LogSafe.path("/v1/a\r\nINFO fake")).isEqualTo("/v1/a??INFO fake");
    assertThat(LogSafe.path("/a\u007fb\u0000")).isEqualTo("/a?b?");
    assertThat(LogSafe.path("/" + "x".repeat(500))).hasSize(203).endsWith("...");
    assertThat(LogSafe.path("/" + "x".repeat(199))).hasSize(200).doesNotEndWith("...");
    assertThat(LogSafe.path(null)).isEmpty();
  }
}
