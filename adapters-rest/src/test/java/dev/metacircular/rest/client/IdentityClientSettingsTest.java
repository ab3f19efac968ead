package dev.metacircular.rest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityClientSettingsTest {

  private static IdentityClientSettings of(String url) {
    return IdentityClientSettings.of(URI.create(url), null, "metacrypt", List.of("env:prod"));
  }

  @Test
  void theDefaultsAreThirtySecondsOfCacheAndBoundedTimeouts() {
    IdentityClientSettings s = of("https://mcias.example:8443");

    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.cacheSize()).isEqualTo(10_000);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void apiPathsAreAppendedToTheBaseUrlAndItsPrefix() {
    assertThat(of("https://mcias.example:8443/").endpoint("/v1/auth/login"))
        .isEqualTo(URI.create("https://mcias.example:8443/v1/auth/login"));
    assertThat(of("https://proxy.example/mcias//").endpoint("/v1/token/validate"))
        .isEqualTo(URI.create("https://proxy.example/mcias/v1/token/validate"));
  }

  @Test
  void onlyAnHttpsBaseUrlIsAccepted() {
    assertThatThrownBy(() -> of("http://mcias.example:8443"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> of("mcias.example:8443")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> of("https://mcias.example/?x=1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void userInfoInTheBaseUrlIsRefusedWithoutBeingEchoed() {
    assertThatThrownBy(() -> of("https://admin:hunter2@mcias.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() {
    URI url = URI.create("https://mcias.example");
    assertThatThrownBy(() -> IdentityClientSettings.of(url, null, " ", null))
        .hasMessageContaining("service name");
    assertThatThrownBy(
            () -> IdentityClientSettings.of(url, null, "m", Collections.nCopies(33, "t")))
        .hasMessageContaining("at most 32 tags");
    assertThatThrownBy(() -> IdentityClientSettings.of(url, null, "m", List.of("")))
        .hasMessageContaining("tag");
    IdentityClientSettings s = IdentityClientSettings.of(url, null, "m", null);
    assertThat(s.tags()).isEmpty();
    assertThatThrownBy(() -> s.withCache(Duration.ofMinutes(6), 10))
        .hasMessageContaining("cache TTL");
    assertThatThrownBy(() -> s.withCache(Duration.ofSeconds(-1), 10))
        .hasMessageContaining("cache TTL");
    assertThatThrownBy(() -> s.withCache(Duration.ofSeconds(30), -1))
        .hasMessageContaining("cache size");
    assertThatThrownBy(() -> s.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("connect timeout");
    assertThatThrownBy(() -> s.withTimeouts(Duration.ofSeconds(1), null))
        .hasMessageContaining("request timeout");
  }
}
