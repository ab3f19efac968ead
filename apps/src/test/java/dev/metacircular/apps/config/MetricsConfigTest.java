package dev.metacircular.apps.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code [metrics] listen_addr} in every server's configuration: optional (no listener without it),
 * loopback only (the listener is plain HTTP without a token), host-less means loopback, overridden
 * from the environment like every other key, and an unknown key is an error.
 */
class MetricsConfigTest {
  private static final Path SOURCE = Path.of("test.toml");

  private static McIasConfig identity(String extra, Map<String, String> env) {
    return new McIasConfigLoader(env, List.of()).parse(ConfigLoaderTest.MINIMUM + extra, SOURCE);
  }

  private static MetacryptConfig crypto(String extra, Map<String, String> env) {
    return new MetacryptConfigLoader(env, List.of())
        .parse(MetacryptConfigLoaderTest.MINIMAL + extra, SOURCE);
  }

  @Test
  void withoutTheSectionThereIsNoMetricsListener() {
    assertThat(identity("", Map.of()).metrics()).isEqualTo(MetricsConfig.NONE);
    assertThat(crypto("", Map.of()).metrics().listen()).isNull();
  }

  @Test
  void aLoopbackAddressIsTakenAndAHostlessOneMeansLoopback() {
    assertThat(identity("[metrics]\nlisten_addr = \"127.0.0.1:9100\"\n", Map.of()).metrics())
        .isEqualTo(new MetricsConfig(new ListenAddress("127.0.0.1", 9100)));
    assertThat(crypto("[metrics]\nlisten_addr = \":9101\"\n", Map.of()).metrics().listen())
        .isEqualTo(new ListenAddress("127.0.0.1", 9101));
    assertThat(identity("[metrics]\nlisten_addr = \"[::1]:9100\"\n", Map.of()).metrics().listen())
        .isEqualTo(new ListenAddress("::1", 9100));
  }

  @Test
  void anAddressOtherHostsCanReachIsRefusedWithTheWayToScrapeThemInstead() {
    assertThatThrownBy(() -> identity("[metrics]\nlisten_addr = \"0.0.0.0:9100\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.listen_addr must be a loopback address")
        .hasMessageContaining("metrics-role token");
    assertThatThrownBy(() -> crypto("[metrics]\nlisten_addr = \"10.0.0.5:9100\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.listen_addr must be a loopback address");
  }

  @Test
  void aMalformedAddressIsNamed() {
    assertThatThrownBy(() -> identity("[metrics]\nlisten_addr = \"nine-one-hundred\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.listen_addr must be host:port");
  }

  @Test
  void theEnvironmentOverridesTheAddress() {
    assertThat(
            identity("", Map.of("MCIAS_METRICS_LISTEN_ADDR", "127.0.0.1:9200")).metrics().listen())
        .isEqualTo(new ListenAddress("127.0.0.1", 9200));
    assertThat(McIasConfigLoader.envName("metrics", "listen_addr"))
        .isEqualTo("MCIAS_METRICS_LISTEN_ADDR");
    assertThat(MetacryptConfigLoader.keys()).containsEntry("metrics", List.of("listen_addr"));
  }

  @Test
  void anUnknownKeyInTheSectionIsAnError() {
    assertThatThrownBy(() -> identity("[metrics]\nlisten_adr = \"127.0.0.1:9100\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("listen_adr");
    assertThatThrownBy(() -> crypto("[metrics]\npath = \"/metrics\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("path");
  }
}
