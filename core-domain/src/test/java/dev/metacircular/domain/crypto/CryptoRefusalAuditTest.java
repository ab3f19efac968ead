package dev.metacircular.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.engine.in.EngineRequest;
import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refusals leaving the crypto core's ports are audited once each, with who, what and why. */
class CryptoRefusalAuditTest {

  private static final dev.metacircular.ports.auth.Caller ADMIN = CryptoCoreTest.ADMIN;
  private static final dev.metacircular.ports.auth.Caller ALICE = CryptoCoreTest.ALICE;
  private static final char[] PASSWORD = CryptoCoreTest.PASSWORD;

  private final dev.metacircular.domain.memory.InMemoryAuditLog audit =
      new dev.metacircular.domain.memory.InMemoryAuditLog();
  private final CryptoCore core =
      CryptoCore.open(
          new dev.metacircular.domain.memory.InMemoryPhysicalStorage(),
          audit,
          new CryptoCoreTest.NoAuthentication(),
          List.of(new KvEngineType()),
          CryptoCoreTest.CHEAP,
          new dev.metacircular.domain.time.ManualClock(
              java.time.Instant.parse("2026-01-01T00:00:00Z")),
          Runnable::run);

  private void unsealed() {
    core.seal().initialize(PASSWORD.clone());
  }

  private List<AuditEvent> refusals() {
    return audit.tail(1000).stream()
        .filter(e -> e.type().equals(CryptoAuditTypes.REQUEST_REFUSED))
        .toList();
  }

  @Test
  void aNonAdminSealIsRecorded() {
    unsealed();

    assertThatThrownBy(() -> core.seal().seal(ALICE)).isInstanceOf(DomainException.Forbidden.class);

    assertThat(refusals())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo(ALICE.accountId().toString());
              assertThat(e.sourceAddress()).isEqualTo(ALICE.sourceAddress());
              assertThat(e.details())
                  .containsEntry("action", "seal.seal")
                  .containsEntry("status", "403")
                  .containsEntry("username", "alice");
            });
  }

  @Test
  void anAdminsConflictAndNotFoundNameTheMount() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());

    assertThatThrownBy(() -> core.mounts().mount(ADMIN, "m", "kv", Map.of()))
        .isInstanceOf(DomainException.Conflict.class);
    assertThatThrownBy(() -> core.mounts().unmount(ADMIN, "gone"))
        .isInstanceOf(DomainException.NotFound.class);
    assertThatThrownBy(
            () ->
                TreeRequests.of(core)
                    .handle(ADMIN, new EngineRequest("gone", "get", Map.of("key", "k"))))
        .isInstanceOf(DomainException.NotFound.class);

    assertThat(refusals())
        .extracting(
            AuditEvent::subject, e -> e.details().get("action"), e -> e.details().get("status"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("m", "mounts.mount", "409"),
            org.assertj.core.groups.Tuple.tuple("gone", "mounts.unmount", "404"),
            org.assertj.core.groups.Tuple.tuple("gone", "engine.get", "404"));
  }

  @Test
  void aWrongSealPasswordIsRecordedOnceAndARateLimitedUnsealToo() {
    unsealed();
    core.seal().seal(ADMIN);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> core.seal().unseal("not the password".toCharArray(), "198.51.100.4"))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    assertThatThrownBy(() -> core.seal().unseal(PASSWORD.clone(), "198.51.100.4"))
        .isInstanceOf(DomainException.TooManyRequests.class);

    assertThat(audit.tail(1000))
        .filteredOn(e -> e.type().equals(CryptoAuditTypes.UNSEAL_FAILURE))
        .hasSize(5);
    assertThat(refusals())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEmpty();
              assertThat(e.sourceAddress()).isEqualTo("198.51.100.4");
              assertThat(e.details())
                  .containsEntry("action", "seal.unseal")
                  .containsEntry("status", "429");
            });
  }

  @Test
  void anAclDenialIsRecordedOnceAsTheEngineDenial() {
    unsealed();
    core.mounts().mount(ADMIN, "m", "kv", Map.of());

    assertThatThrownBy(
            () ->
                TreeRequests.of(core)
                    .handle(ALICE, new EngineRequest("m", "get", Map.of("key", "k"))))
        .isInstanceOf(DomainException.Forbidden.class);

    assertThat(refusals()).isEmpty();
    assertThat(audit.tail(1000))
        .filteredOn(e -> e.type().equals(CryptoAuditTypes.ENGINE_REQUEST_DENIED))
        .hasSize(1);
  }

  @Test
  void aSecondInitAndABadTokenAreRecordedWithoutACaller() {
    unsealed();

    assertThatThrownBy(() -> core.seal().initialize("another seal password".toCharArray()))
        .isInstanceOf(DomainException.Conflict.class);
    assertThatThrownBy(() -> core.auth().authenticate("junk", "198.51.100.5"))
        .isInstanceOf(DomainException.Unauthenticated.class);

    assertThat(refusals())
        .extracting(AuditEvent::actor, AuditEvent::sourceAddress, e -> e.details().get("action"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("", "", "seal.initialize"),
            org.assertj.core.groups.Tuple.tuple("", "198.51.100.5", "auth.authenticate"));
    assertThat(refusals().toString()).doesNotContain("another seal password", "junk");
  }

  @Test
  void sealedIsTheServicesStateNotARefusalOfTheCaller() {
    unsealed();
    core.seal().seal(ADMIN);

    assertThatThrownBy(() -> core.mounts().list(ADMIN))
        .isInstanceOf(DomainException.Unavailable.class);

    assertThat(refusals()).isEmpty();
  }
}
