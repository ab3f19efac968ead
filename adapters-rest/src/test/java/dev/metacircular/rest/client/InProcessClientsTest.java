package dev.metacircular.rest.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.domain.embedded.EmbeddedPlatform;
import dev.metacircular.domain.embedded.InProcessCryptoClient;
import dev.metacircular.domain.embedded.InProcessIdentityClient;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.CryptoClient;
import dev.metacircular.ports.client.out.IdentityClient;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.transit.in.Ciphertext;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.Decrypt;
import dev.metacircular.ports.transit.in.Encrypt;
import dev.metacircular.ports.transit.in.KeyInfo;
import dev.metacircular.ports.transit.in.TransitOperations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client contracts in process: the same calls the shell makes over REST or gRPC, run against
 * the cores of an {@link EmbeddedPlatform} as one caller, every change audited with that actor.
 * (Here rather than beside the clients in core-domain: the crypto client's generic requests read
 * their data through the doors' one JSON dispatcher, which lives in this module.)
 */
class InProcessClientsTest {

  private static final Caller TOOL = Caller.offlineTool("client-test");
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @Test
  void theIdentityClientManagesAccountsAndValidatesTokensAsItsCaller() {
    try (EmbeddedPlatform platform = EmbeddedPlatform.inMemory().forTests().start()) {
      IdentityClient client = new InProcessIdentityClient(platform.identity(), TOOL);

      Account ops =
          client.create(
              new CreateAccountCommand(
                  "ops", AccountType.HUMAN, PASSWORD.clone(), Set.of(Role.ADMIN)));

      assertThat(client.health()).isEqualTo("ok (offline)");
      assertThat(client.accounts()).extracting(Account::username).contains("ops");
      assertThat(client.setRoles(ops.id(), Set.of(Role.USER))).containsExactly(Role.USER);
      IssuedToken token =
          platform
              .identity()
              .login()
              .login(
                  new dev.metacircular.ports.identity.in.LoginCommand(
                      "ops", PASSWORD.clone(), null, null, List.of(), ""));
      Optional<WhoAmI> who = client.validate(token.token());
      assertThat(who).isPresent();
      assertThat(who.get().username()).isEqualTo("ops");
      assertThat(who.get().roles()).containsExactly("user");
      assertThat(client.validate("not.a.token")).isEmpty();
      assertThat(client.audit(new AuditFilter(null, null, null, 50)))
          .anySatisfy(e -> assertThat(e.actor()).contains("client-test"));
      assertThatThrownBy(() -> client.account(java.util.UUID.randomUUID()))
          .isInstanceOf(DomainException.NotFound.class);
    }
  }

  @Test
  void theCryptoClientRunsSealMountsEnginesAndRulesAsItsCaller() {
    try (EmbeddedPlatform platform = EmbeddedPlatform.inMemory().forTests().start()) {
      CryptoClient client = new InProcessCryptoClient(platform.crypto(), TOOL);

      client.init("seal password".toCharArray());
      assertThat(client.status()).isEqualTo(SealState.UNSEALED);
      client.mount("transit", "transit");
      KeyInfo key =
          client.run(
              "transit", TransitOperations.CREATE_KEY, new CreateKey("k", "aes256-gcm", null));
      assertThat(key.latestVersion()).isEqualTo(1);
      byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
      Ciphertext ciphertext =
          client.run("transit", TransitOperations.ENCRYPT, new Encrypt("k", hello, null));
      assertThat(ciphertext.ciphertext().text()).startsWith("metacrypt:v1:");
      assertThat(
              client
                  .run(
                      "transit",
                      TransitOperations.DECRYPT,
                      new Decrypt("k", ciphertext.ciphertext(), null))
                  .plaintext())
          .isEqualTo(hello);
      // The caller is the one the client was opened with: the audit trail names the tool.
      assertThat(client.audit(new AuditFilter(null, null, null, 50)))
          .anySatisfy(e -> assertThat(e.actor()).isEqualTo(TOOL.auditActor()));
      PolicyRule rule =
          client
              .acl()
              .create(
                  new PolicyRule(
                      null,
                      10,
                      Effect.ALLOW,
                      "",
                      new SubjectMatch(List.of("alice"), List.of(), List.of()),
                      new ResourceMatch(List.of(), List.of(), List.of("transit"), List.of()),
                      List.of("encrypt")));
      assertThat(rule.id()).isNotNull();
      assertThat(client.acl().list()).extracting(PolicyRule::id).contains(rule.id());
      assertThat(client.mounts()).extracting(m -> m.name()).containsExactly("transit");

      client.seal();

      assertThat(client.status()).isEqualTo(SealState.SEALED);
      assertThatThrownBy(client::mounts).isInstanceOf(DomainException.Unavailable.class);
    }
  }
}
