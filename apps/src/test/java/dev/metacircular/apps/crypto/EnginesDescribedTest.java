package dev.metacircular.apps.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.domain.engine.ca.CaUrls;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.engine.spi.Operation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every operation of every engine type this build mounts is in the crypto service's API description
 * (docs/openapi/crypto.json, which ApiDescriptionTest keeps equal to what the server serves): a new
 * engine type wired into {@link CryptoCoreModule} must also join adapters-rest's {@code
 * ApiDescription.ENGINE_OPERATIONS}.
 */
class EnginesDescribedTest {

  @Test
  void everyMountableOperationIsDescribed() throws Exception {
    IdentityProvider unused =
        (IdentityProvider)
            Proxy.newProxyInstance(
                IdentityProvider.class.getClassLoader(),
                new Class<?>[] {IdentityProvider.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    CryptoCoreModule module =
        new CryptoCoreModule(
            unused, SealSettings.DEFAULTS, Clock.systemUTC(), new CaUrls("https://localhost:8444"));
    JsonNode doc =
        new ObjectMapper().readTree(Path.of("..", "docs", "openapi", "crypto.json").toFile());
    Set<String> described = new HashSet<>();
    doc.at("/paths/~1v1~1engine~1request/post/requestBody/content/application~1json/schema/anyOf")
        .forEach(v -> described.add(v.path("title").asText()));
    Set<String> mountable = new HashSet<>();
    for (EngineType type : module.engineTypes()) {
      for (Operation<?, ?> operation : type.operations()) {
        mountable.add(type.type() + " " + operation.name());
      }
    }
    assertThat(mountable).hasSizeGreaterThan(50);
    assertThat(described)
        .as("add the engine type's operations to ApiDescription.ENGINE_OPERATIONS (adapters-rest)")
        .containsAll(mountable);
  }
}
