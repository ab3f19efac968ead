package dev.metacircular.rest.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.rest.EngineDispatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ca engine's operations through the JSON door ({@code POST /v1/engine/request}'s data, mapped
 * by the real {@link EngineDispatcher} over an embedded core): snake_case fields, ttls and serials
 * as text, the one-time private key as PEM text, refusals naming the field.
 */
class CaJsonDoorTest {
  private static final char[] SEAL = "ca json door seal password".toCharArray();
  private static final Caller ADMIN =
      new Caller(UUID.randomUUID(), "admin", Set.of(Role.ADMIN), AccountType.HUMAN, null, "");
  private static EmbeddedPlatform platform;
  private static EngineDispatcher door;

  @BeforeAll
  static void mount() {
    platform = EmbeddedPlatform.inMemory().forTests().start();
    CryptoUseCases api = platform.crypto().useCases();
    api.seal().initialize(SEAL.clone());
    api.seal().unseal(SEAL.clone(), "");
    api.mounts().mount(ADMIN, "pki", "ca", Map.of("root_common_name", "Json Root"));
    door = new EngineDispatcher(api.engines());
    call("create-issuer", "name", "infra", "common_name", "Infra", "key_type", "ec-p256");
    call(
        "create-role",
        "name",
        "web",
        "issuer",
        "infra",
        "allowed_domains",
        List.of("example.test"),
        "allow_subdomains",
        true,
        "ttl",
        "24h",
        "max_ttl",
        "48h");
  }

  @AfterAll
  static void close() {
    platform.close();
  }

  static Map<String, Object> call(String operation, Object... keyValues) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      data.put((String) keyValues[i], keyValues[i + 1]);
    }
    return door.handle(ADMIN, new EngineRequest("pki", operation, data));
  }

  @Test
  void issueAnswersSnakeCaseFieldsWithTheKeyAsPemAndTheSerialAsHexPairs() {
    Map<String, Object> issued =
        call("issue", "role", "web", "common_name", "a.example.test", "ttl", "1h");
    assertThat(issued)
        .containsOnlyKeys(
            "certificate", "private_key", "issuing_ca", "ca_chain", "serial_number", "expiration");
    assertThat((String) issued.get("private_key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat((String) issued.get("serial_number")).matches("[0-9a-f]{2}(:[0-9a-f]{2}){7,}");
    Map<String, Object> record =
        call("get-cert", "serial_number", ((String) issued.get("serial_number")).replace(":", ""));
    assertThat(record).containsEntry("requested_by", "admin").containsEntry("revoked", false);
    assertThat(record.get("names")).isEqualTo(List.of("a.example.test"));
  }

  @Test
  void theRoleAnswersItsResolvedSettings() {
    Map<String, Object> role = call("get-role", "name", "web");
    assertThat(role)
        .containsEntry("ttl", "24h")
        .containsEntry("max_ttl", "48h")
        .containsEntry("key_type", "ec")
        .containsEntry("key_bits", 256)
        .containsEntry("server_flag", true)
        .containsEntry("allow_subdomains", true);
  }

  @Test
  void badDataIsRefusedNamingTheField() {
    assertThatThrownBy(
            () -> call("issue", "role", "web", "common_name", "a.example.test", "ttl", "soon"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("ttl must be a duration");
    assertThatThrownBy(() -> call("revoke", "serial_number", "xyz"))
        .hasMessageContaining("serial_number must be hex");
    assertThatThrownBy(() -> call("issue", "common_name", "a.example.test"))
        .hasMessage("role is required");
    assertThatThrownBy(() -> call("create-issuer", "name", "Bad Name", "common_name", "x"))
        .hasMessageStartingWith("name must be 1-64 characters");
  }

  @Test
  void createEabAnswersABase64UrlKey() {
    Map<String, Object> eab = call("create-eab", "name", "web");
    assertThat((String) eab.get("hmac_key")).matches("[A-Za-z0-9_-]{43}");
    assertThat(eab).containsEntry("role", "web").containsKey("kid").containsKey("expires_at");
  }
}
