package dev.metacircular.ports.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.SsoClient;
import dev.metacircular.ports.identity.out.AuthorizationCodeStore;
import dev.metacircular.ports.identity.out.SsoClientStore;
import dev.metacircular.ports.identity.out.StoredAuthorizationCode;
import dev.metacircular.ports.identity.out.StoredSsoClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SsoClientStore} and {@link AuthorizationCodeStore} must show, over one
 * database (codes belong to clients and accounts of the same database).
 */
public abstract class SsoStoreContract extends StorageContract {

  private SsoClientStore clients() {
    return fixture().ssoClients();
  }

  private AuthorizationCodeStore codes() {
    return fixture().authorizationCodes();
  }

  private static byte[] hash(int seed) {
    byte[] h = new byte[32];
    for (int i = 0; i < h.length; i++) {
      h[i] = (byte) (seed + i * 7);
    }
    return h;
  }

  private static StoredSsoClient client(String id, List<String> uris) {
    return new StoredSsoClient(
        new SsoClient(id, "svc-" + id, uris, T0, at(Duration.ofSeconds(5))), hash(id.hashCode()));
  }

  private UUID givenAccount(String username) {
    var a = account(username);
    fixture().accounts().insert(a);
    return a.id();
  }

  private StoredAuthorizationCode code(String hash, String clientId, UUID account, String pkce) {
    return new StoredAuthorizationCode(
        hash,
        clientId,
        "https://svc.example/sso/callback",
        account,
        pkce,
        T0,
        at(Duration.ofSeconds(60)),
        null,
        null);
  }

  private static void assertSameClient(StoredSsoClient actual, StoredSsoClient expected) {
    assertThat(actual.clientId()).isEqualTo(expected.clientId());
    assertThat(actual.client().serviceName()).isEqualTo(expected.client().serviceName());
    assertThat(actual.client().redirectUris())
        .containsExactlyElementsOf(expected.client().redirectUris());
    assertThat(actual.secretHash()).isEqualTo(expected.secretHash());
    assertThat(millis(actual.client().createdAt()))
        .isEqualTo(millis(expected.client().createdAt()));
    assertThat(millis(actual.client().updatedAt()))
        .isEqualTo(millis(expected.client().updatedAt()));
  }

  @Test
  void anInsertedClientIsFoundWithEveryFieldAndUrisInOrder() {
    StoredSsoClient c =
        client(
            "metacrypt",
            List.of(
                "https://b.example/cb",
                "https://a.example/cb",
                "http://localhost:9000/sso/callback"));
    clients().insert(c);
    assertSameClient(clients().find("metacrypt").orElseThrow(), c);
    assertThat(clients().find("other")).isEmpty();
  }

  @Test
  void aDuplicateClientIdIsAConflict() {
    clients().insert(client("metacrypt", List.of("https://a.example/cb")));
    assertThatThrownBy(() -> clients().insert(client("metacrypt", List.of("https://b.example/cb"))))
        .isInstanceOf(DomainException.Conflict.class);
  }

  @Test
  void clientsAreListedByIdAndUpdatedAndDeleted() {
    clients().insert(client("zeta", List.of("https://z.example/cb")));
    clients().insert(client("alpha", List.of("https://a.example/cb")));
    assertThat(clients().list())
        .extracting(StoredSsoClient::clientId)
        .containsExactly("alpha", "zeta");

    StoredSsoClient changed =
        new StoredSsoClient(
            new SsoClient(
                "zeta",
                "other-svc",
                List.of("https://z2.example/cb", "https://z3.example/cb"),
                T0,
                at(Duration.ofMinutes(1))),
            hash(99));
    clients().update(changed);
    assertSameClient(clients().find("zeta").orElseThrow(), changed);

    assertThatThrownBy(() -> clients().update(client("nobody", List.of("https://n.example/cb"))))
        .isInstanceOf(DomainException.NotFound.class);
    assertThat(clients().delete("zeta")).isTrue();
    assertThat(clients().delete("zeta")).isFalse();
    assertThat(clients().find("zeta")).isEmpty();
  }

  @Test
  void aCodeIsFoundAndCanBeMarkedUsedExactlyOnce() {
    clients().insert(client("metacrypt", List.of("https://svc.example/sso/callback")));
    UUID alice = givenAccount("alice");
    codes().insert(code("h1", "metacrypt", alice, "challenge-value"));
    codes().insert(code("h2", "metacrypt", alice, null));

    StoredAuthorizationCode found = codes().find("h1").orElseThrow();
    assertThat(found.clientId()).isEqualTo("metacrypt");
    assertThat(found.redirectUri()).isEqualTo("https://svc.example/sso/callback");
    assertThat(found.accountId()).isEqualTo(alice);
    assertThat(found.codeChallenge()).isEqualTo("challenge-value");
    assertThat(millis(found.issuedAt())).isEqualTo(millis(T0));
    assertThat(millis(found.expiresAt())).isEqualTo(millis(at(Duration.ofSeconds(60))));
    assertThat(found.used()).isFalse();
    assertThat(found.issuedJti()).isNull();
    assertThat(codes().find("h2").orElseThrow().codeChallenge()).isNull();

    assertThat(codes().markUsed("h1", at(Duration.ofSeconds(3)), "jti-1")).isTrue();
    assertThat(codes().markUsed("h1", at(Duration.ofSeconds(4)), "jti-2")).isFalse();
    assertThat(codes().markUsed("unknown", at(Duration.ofSeconds(4)), "jti-3")).isFalse();
    StoredAuthorizationCode used = codes().find("h1").orElseThrow();
    assertThat(used.used()).isTrue();
    assertThat(millis(used.usedAt())).isEqualTo(millis(at(Duration.ofSeconds(3))));
    assertThat(used.issuedJti()).isEqualTo("jti-1");
  }

  @Test
  void aDuplicateCodeIsAConflictAndExpiredCodesArePruned() {
    clients().insert(client("metacrypt", List.of("https://svc.example/sso/callback")));
    UUID alice = givenAccount("alice");
    codes().insert(code("h1", "metacrypt", alice, null));
    assertThatThrownBy(() -> codes().insert(code("h1", "metacrypt", alice, null)))
        .isInstanceOf(DomainException.Conflict.class);

    assertThat(codes().deleteExpired(at(Duration.ofSeconds(60)))).isZero();
    assertThat(codes().deleteExpired(at(Duration.ofSeconds(61)))).isEqualTo(1);
    assertThat(codes().find("h1")).isEmpty();
  }

  @Test
  void aCodeWrittenInARolledBackUnitOfWorkIsGone() {
    clients().insert(client("metacrypt", List.of("https://svc.example/sso/callback")));
    UUID alice = givenAccount("alice");
    Supplier<Object> failing =
        () -> {
          codes().insert(code("h1", "metacrypt", alice, null));
          throw new IllegalStateException("boom");
        };
    assertThatThrownBy(() -> fixture().transactions().inTransaction(failing))
        .isInstanceOf(IllegalStateException.class);
    assertThat(codes().find("h1")).isEmpty();
  }
}
