package dev.metacircular.apps.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shell's {@code mounts mount --config KEY=VALUE} pairs become the engine's mount config. */
class MountSettingsTest {

  @Test
  void pairsBecomeTypedValuesAndDottedKeysTables() {
    assertThat(
            MountCommands.settings(
                Map.of(
                    "root_common_name", "Example Root",
                    "acme.enabled", "true",
                    "acme.http01_port", "8080",
                    "acme.dns_resolver", "127.0.0.1:5353")))
        .isEqualTo(
            Map.of(
                "root_common_name",
                "Example Root",
                "acme",
                Map.of("enabled", true, "http01_port", 8080L, "dns_resolver", "127.0.0.1:5353")));
  }

  @Test
  void aKeyThatIsBothAValueAndATableIsRefused() {
    assertThatThrownBy(() -> MountCommands.settings(Map.of("acme", "on", "acme.enabled", "true")))
        .hasMessageContaining("acme is already a value");
    assertThatThrownBy(() -> MountCommands.settings(Map.of("acme.", "x")))
        .hasMessageContaining("not a setting name");
  }
}
