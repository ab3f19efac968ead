package com.example.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Plaintext;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.ports.transit.in.TransitValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The example of docs/embedding.md: the whole platform core in this JVM — in-memory stores, no
 * network, no files — initialized, unsealed, logged in to and used for transit encryption, the way
 * a Java program tests its own use of the platform. Keep it in step with the guide.
 */
class EmbeddingExampleTest {

  static final String SOURCE = "127.0.0.1";

  EmbeddedPlatform platform;

  @BeforeEach
  void startThePlatform() {
    // forTests(): cheap Argon2id, so each test starts in milliseconds. Production cost otherwise.
    platform = EmbeddedPlatform.inMemory().forTests().start();

    // An administrator, created the way the offline tool creates the first one.
    platform
        .identity()
        .accounts()
        .create(
            Caller.offlineTool("example-setup"),
            new CreateAccountCommand(
                "ops",
                AccountType.HUMAN,
                "correct horse battery staple".toCharArray(),
                Set.of(Role.ADMIN)));

    // A fresh crypto core is uninitialized; init sets the seal password and leaves it unsealed.
    assertThat(platform.crypto().seal().state()).isEqualTo(SealState.UNINITIALIZED);
    platform.crypto().seal().initialize("a long seal password".toCharArray());
  }

  @AfterEach
  void stopThePlatform() {
    platform.close(); // seals and wipes every key
  }

  /** Logs in through the crypto service (which asks the identity core) and returns the caller. */
  Caller login(String username, String password) {
    IssuedToken token =
        platform.crypto().auth().login(username, password.toCharArray(), null, SOURCE);
    return platform.crypto().auth().authenticate(token.token(), SOURCE);
  }

  @Test
  void encryptAndDecryptWithTransit() {
    Caller ops = login("ops", "correct horse battery staple");
    assertThat(ops.isAdmin()).isTrue();

    // Mount transit and create a key: the same typed operation POST /v1/engine/request runs.
    platform.crypto().mounts().mount(ops, "transit", "transit", Map.of());
    platform
        .crypto()
        .operations()
        .run(
            ops,
            "transit",
            TransitOperations.CREATE_KEY,
            new CreateKey("orders", "aes256-gcm", false));

    // The binary data path: bytes in, bytes out, no base64.
    byte[] order = "order #1001: 3 widgets".getBytes(StandardCharsets.UTF_8);
    TransitValue sealed =
        platform.crypto().transitData().encrypt(ops, "transit", "orders", order, null);
    assertThat(sealed.text()).startsWith("metacrypt:v1:");
    assertThat(platform.crypto().transitData().decrypt(ops, "transit", "orders", sealed, null))
        .isEqualTo(order);

    // The typed decrypt operation (what the REST API's JSON maps onto) opens the same ciphertext,
    // here from its text form.
    Plaintext answer =
        platform
            .crypto()
            .operations()
            .run(
                ops,
                "transit",
                TransitOperations.DECRYPT,
                new Decrypt("orders", TransitValue.parse("ciphertext", sealed.text()), null));
    assertThat(answer.plaintext()).isEqualTo(order);
  }

  @Test
  void sealingLocksEverythingUntilUnsealed() {
    Caller ops = login("ops", "correct horse battery staple");
    platform.crypto().mounts().mount(ops, "transit", "transit", Map.of());
    platform
        .crypto()
        .operations()
        .run(
            ops,
            "transit",
            TransitOperations.CREATE_KEY,
            new CreateKey("orders", "aes256-gcm", false));
    TransitValue sealed =
        platform
            .crypto()
            .transitData()
            .encrypt(ops, "transit", "orders", new byte[] {1, 2, 3}, null);

    platform.crypto().seal().seal(ops);
    assertThatThrownBy(
            () -> platform.crypto().transitData().decrypt(ops, "transit", "orders", sealed, null))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessage("sealed");

    platform.crypto().seal().unseal("a long seal password".toCharArray(), SOURCE);
    assertThat(platform.crypto().transitData().decrypt(ops, "transit", "orders", sealed, null))
        .containsExactly(1, 2, 3);
  }

  @Test
  void nonAdminsNeedAnAclRule() {
    platform
        .identity()
        .accounts()
        .create(
            Caller.offlineTool("example-setup"),
            new CreateAccountCommand(
                "app",
                AccountType.HUMAN,
                "another long password".toCharArray(),
                Set.of(Role.USER)));
    Caller ops = login("ops", "correct horse battery staple");
    platform.crypto().mounts().mount(ops, "transit", "transit", Map.of());
    platform
        .crypto()
        .operations()
        .run(
            ops,
            "transit",
            TransitOperations.CREATE_KEY,
            new CreateKey("orders", "aes256-gcm", false));

    Caller app = login("app", "another long password");
    assertThatThrownBy(
            () ->
                platform
                    .crypto()
                    .transitData()
                    .encrypt(app, "transit", "orders", new byte[] {42}, null))
        .isInstanceOf(DomainException.Forbidden.class);

    // Default deny: an admin grants "app" encrypt (and only encrypt) on that one key.
    platform
        .crypto()
        .policy()
        .create(
            ops,
            new PolicyRule(
                "app-encrypts-orders",
                10,
                Effect.ALLOW,
                "app may encrypt orders",
                new SubjectMatch(List.of("app"), null, null),
                new ResourceMatch(null, null, List.of("transit"), List.of("keys/orders")),
                List.of("encrypt")));
    assertThat(
            platform
                .crypto()
                .transitData()
                .encrypt(app, "transit", "orders", new byte[] {42}, null)
                .version())
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                platform
                    .crypto()
                    .transitData()
                    .decrypt(
                        app,
                        "transit",
                        "orders",
                        platform
                            .crypto()
                            .transitData()
                            .encrypt(ops, "transit", "orders", new byte[] {7}, null),
                        null))
        .isInstanceOf(DomainException.Forbidden.class);
  }
}
