package dev.metacircular.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.engine.spi.BatchItem;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.transit.in.BatchEncrypt;
import dev.metacircular.ports.transit.in.BatchEncrypted;
import dev.metacircular.ports.transit.in.Ciphertext;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.KeyInfo;
import dev.metacircular.ports.transit.in.KeyName;
import dev.metacircular.ports.transit.in.TransitOperations;
import dev.metacircular.rest.OperationTrees;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ports.client} contracts over gRPC against both real servers (real cores behind them),
 * over TLS trusting only the test CA: one login/logout flow for both services' own {@code
 * AuthService}, rules and audit through the shared services.
 */
class GrpcClientsTest {

  @TempDir static Path dir;
  static TestPlatform p;
  static Path ca;

  @BeforeAll
  static void start() throws Exception {
    p = new TestPlatform();
    ca = TestPlatform.writeCaPem(dir);
  }

  @AfterAll
  static void stop() {
    p.close();
  }

  private static GrpcEndpoint endpoint(int port, BearerToken token) {
    return GrpcEndpoint.of(URI.create("https://127.0.0.1:" + port), ca, token);
  }

  @Test
  void anIdentityLoginKeepsItsTokenUntilLogout() {
    BearerToken token = new BearerToken();
    try (GrpcEndpoint endpoint = endpoint(p.identityServer.port(), token)) {
      GrpcIdentityClient client = new GrpcIdentityClient(endpoint);

      WhoAmI who = client.login(TestPlatform.ADMIN, TestPlatform.PASSWORD.toCharArray(), null);

      assertThat(who.username()).isEqualTo(TestPlatform.ADMIN);
      assertThat(who.isAdmin()).isTrue();
      assertThat(client.health()).isEqualTo("ok");
      assertThat(client.accounts())
          .extracting(Account::username)
          .contains(TestPlatform.ADMIN, TestPlatform.USER);
      assertThat(client.audit(new AuditFilter(TestPlatform.ADMIN, null, null, 10))).isNotEmpty();
      PolicyRule rule =
          client
              .loginPolicy()
              .create(
                  new PolicyRule(
                      null,
                      50,
                      Effect.DENY,
                      "",
                      new SubjectMatch(List.of("nobody"), List.of(), List.of()),
                      new ResourceMatch(List.of("metacrypt"), List.of(), List.of(), List.of()),
                      List.of()));
      assertThat(rule.id()).isNotBlank();
      assertThat(client.loginPolicy().get(rule.id()).effect()).isEqualTo(Effect.DENY);
      client.loginPolicy().delete(rule.id());

      client.logout();

      assertThat(token.present()).isFalse();
      assertThatThrownBy(client::whoami)
          .isInstanceOf(DomainException.Unauthenticated.class)
          .hasMessage("not logged in (use: login USERNAME)");
    }
  }

  @Test
  void theCryptoServiceLogsInThroughItsOwnAuthService() {
    BearerToken token = new BearerToken();
    try (GrpcEndpoint endpoint = endpoint(p.cryptoServer.port(), token)) {
      GrpcCryptoClient client = new GrpcCryptoClient(endpoint, OperationTrees.INSTANCE);
      assertThat(client.status()).isEqualTo(SealState.UNINITIALIZED);
      client.init(TestPlatform.SEAL_PASSWORD.toCharArray());
      assertThat(client.quickStatus()).isEqualTo(SealState.UNSEALED);

      assertThatThrownBy(
              () -> client.login(TestPlatform.USER, "not the password".toCharArray(), null))
          .isInstanceOf(DomainException.Unauthenticated.class);
      assertThat(token.present()).isFalse();

      WhoAmI who = client.login(TestPlatform.USER, TestPlatform.PASSWORD.toCharArray(), null);

      assertThat(who.username()).isEqualTo(TestPlatform.USER);
      assertThat(who.isAdmin()).isFalse();
      assertThatThrownBy(client::seal).isInstanceOf(DomainException.Forbidden.class);
      client.logout();
      assertThat(token.present()).isFalse();

      // Typed engine operations, the records written and read with the JSON door's mapping.
      client.login(TestPlatform.ADMIN, TestPlatform.PASSWORD.toCharArray(), null);
      client.mount("typed", "transit");
      KeyInfo key =
          client.run("typed", TransitOperations.CREATE_KEY, new CreateKey("k", "aes256-gcm", null));
      assertThat(key.latestVersion()).isEqualTo(1);
      assertThat(key.versions()).hasSize(1);
      byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
      byte[] context = {1, 2, 3};
      Ciphertext sealed =
          client.run("typed", TransitOperations.ENCRYPT, new Encrypt("k", hello, context));
      assertThat(sealed.keyVersion()).isEqualTo(1);
      assertThat(
              client
                  .run(
                      "typed",
                      TransitOperations.DECRYPT,
                      new Decrypt("k", sealed.ciphertext(), context))
                  .plaintext())
          .isEqualTo(hello);
      BatchEncrypted batch =
          client.run(
              "typed",
              TransitOperations.BATCH_ENCRYPT,
              new BatchEncrypt(
                  "k",
                  List.of(
                      new BatchItem.Valid<>(new BatchEncrypt.EncryptItem(hello, null)),
                      new BatchItem.Valid<>(
                          new BatchEncrypt.EncryptItem(new byte[] {0}, context)))));
      assertThat(batch.results()).hasSize(2);
      // The service's refusals arrive as the same exceptions as on every door.
      assertThatThrownBy(
              () ->
                  client.run(
                      "typed",
                      TransitOperations.DECRYPT,
                      new Decrypt("k", sealed.ciphertext(), null)))
          .isInstanceOf(DomainException.InvalidInput.class);
      assertThatThrownBy(() -> client.run("nowhere", TransitOperations.GET_KEY, new KeyName("k")))
          .isInstanceOf(DomainException.NotFound.class);
      client.logout();
    }
  }
}
