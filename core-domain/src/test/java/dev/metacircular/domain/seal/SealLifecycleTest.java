package dev.metacircular.domain.seal;

import static dev.metacircular.domain.seal.SealFixture.ADMIN;
import static dev.metacircular.domain.seal.SealFixture.USER;
import static dev.metacircular.domain.seal.SealFixture.pw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealLifecycleTest {

  static final String PASSWORD = "correct horse battery";
  static final String WRONG = "incorrect horse battery";

  final SealFixture f = new SealFixture();

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void freshStorageIsUninitializedAndInitLeavesItUnsealed() {
    assertThat(f.seal.state()).isEqualTo(SealState.UNINITIALIZED);
    f.seal.initialize(pw(PASSWORD));
    assertThat(f.seal.state()).isEqualTo(SealState.UNSEALED);
    assertThat(f.audit.tail(10))
        .extracting(AuditEvent::type)
        .contains(CryptoAuditTypes.BARRIER_INITIALIZED);
  }

  @Test
  void aSecondInitIsAConflictAndChangesNothing() {
    f.seal.initialize(pw(PASSWORD));
    byte[] keyring = f.storage.get(Keyring.PATH).orElseThrow();
    assertThatThrownBy(() -> f.seal.initialize(pw("another password!")))
        .isInstanceOf(DomainException.Conflict.class)
        .hasMessage("already initialized");
    assertThat(f.storage.get(Keyring.PATH).orElseThrow()).isEqualTo(keyring);
    assertThatThrownBy(() -> f.restart().initialize(pw("another password!")))
        .isInstanceOf(DomainException.Conflict.class);
  }

  @Test
  void shortPasswordsAreRefusedAtInit() {
    assertThatThrownBy(() -> f.seal.initialize(pw("short")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("password must be 12-1024 characters");
    assertThat(f.seal.state()).isEqualTo(SealState.UNINITIALIZED);
  }

  @Test
  void anInitializedServiceStartsSealedAndUnsealsWithItsPassword() {
    f.seal.initialize(pw(PASSWORD));
    f.seal.barrier().put("sys/x", b("value"));
    SealLifecycle restarted = f.restart();
    assertThat(restarted.state()).isEqualTo(SealState.SEALED);
    assertThatThrownBy(() -> restarted.barrier().get("sys/x"))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessage("sealed");
    restarted.unseal(pw(PASSWORD), "10.0.0.1");
    assertThat(restarted.barrier().get("sys/x")).hasValue(b("value"));
  }

  @Test
  void aRunningBarrierNoticesAnInitDoneByTheOfflineTool() {
    SealLifecycle running = f.seal;
    new SealLifecycle(f.storage, SealFixture.SETTINGS, f.clock, f.audit, f.executor)
        .initialize(pw(PASSWORD));
    assertThat(running.state()).isEqualTo(SealState.SEALED);
    running.unseal(pw(PASSWORD), "");
    assertThat(running.state()).isEqualTo(SealState.UNSEALED);
  }

  @Test
  void unsealBeforeInitIsPreconditionFailed() {
    assertThatThrownBy(() -> f.seal.unseal(pw(PASSWORD), ""))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessage("not initialized");
    assertThatThrownBy(() -> f.seal.barrier().get("sys/x"))
        .isInstanceOf(DomainException.PreconditionFailed.class);
  }

  @Test
  void aWrongPasswordIsUnauthenticatedAndAudited() {
    f.seal.initialize(pw(PASSWORD));
    SealLifecycle restarted = f.restart();
    assertThatThrownBy(() -> restarted.unseal(pw(WRONG), "10.0.0.9"))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid password");
    assertThat(restarted.state()).isEqualTo(SealState.SEALED);
    assertThat(f.audit.tail(10))
        .anySatisfy(
            e -> {
              assertThat(e.type()).isEqualTo(CryptoAuditTypes.UNSEAL_FAILURE);
              assertThat(e.sourceAddress()).isEqualTo("10.0.0.9");
            });
  }

  @Test
  void fiveFailuresWithinAMinuteLockUnsealForSixtySecondsEvenForTheRightPassword() {
    f.seal.initialize(pw(PASSWORD));
    SealLifecycle restarted = f.restart();
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> restarted.unseal(pw(WRONG), ""))
          .isInstanceOf(DomainException.Unauthenticated.class);
      f.clock.advance(Duration.ofSeconds(5));
    }
    assertThatThrownBy(() -> restarted.unseal(pw(PASSWORD), ""))
        .isInstanceOfSatisfying(
            DomainException.TooManyRequests.class,
            e -> {
              assertThat(e).hasMessage("too many attempts");
              assertThat(e.retryAfterSeconds()).isBetween(1L, 60L);
            });
    f.clock.advance(Duration.ofSeconds(56));
    restarted.unseal(pw(PASSWORD), "");
    assertThat(restarted.state()).isEqualTo(SealState.UNSEALED);
  }

  @Test
  void failuresSpreadOverMoreThanAMinuteDoNotLock() {
    f.seal.initialize(pw(PASSWORD));
    SealLifecycle restarted = f.restart();
    for (int i = 0; i < 8; i++) {
      assertThatThrownBy(() -> restarted.unseal(pw(WRONG), ""))
          .isInstanceOf(DomainException.Unauthenticated.class);
      f.clock.advance(Duration.ofSeconds(16));
    }
    restarted.unseal(pw(PASSWORD), "");
    assertThat(restarted.state()).isEqualTo(SealState.UNSEALED);
  }

  @Test
  void sealWipesEveryKeyAndRefusesDataCalls() {
    f.seal.initialize(pw(PASSWORD));
    EngineStorage mount = f.seal.barrier().mountStorage("transit");
    mount.put("keys/a", b("secret"));
    Keyring held = f.seal.keys();
    SealingKeyProbe dek = new SealingKeyProbe(f.seal.barrier().dek("transit"));
    boolean[] listenerRan = {false};
    f.seal.onSeal(() -> listenerRan[0] = true);

    f.seal.seal(ADMIN);

    assertThat(f.seal.state()).isEqualTo(SealState.SEALED);
    assertThat(held.isDestroyed()).isTrue();
    assertThat(dek.destroyed()).isTrue();
    assertThat(f.seal.barrier().cachedKeysDestroyed()).isTrue();
    assertThat(listenerRan[0]).isTrue();
    assertThatThrownBy(f.seal::keys).isInstanceOf(DomainException.Unavailable.class);
    assertThatThrownBy(() -> mount.get("keys/a"))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessage("sealed");
    f.seal.unseal(pw(PASSWORD), "");
    assertThat(mount.get("keys/a")).hasValue(b("secret"));
  }

  @Test
  void onlyAdminsSealRekeyAndRotate() {
    f.seal.initialize(pw(PASSWORD));
    assertThatThrownBy(() -> f.seal.seal(USER)).isInstanceOf(DomainException.Forbidden.class);
    assertThatThrownBy(() -> f.seal.rekey(USER, pw(PASSWORD), pw("a new password!")))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThatThrownBy(() -> f.seal.rotateMasterKey(USER))
        .isInstanceOf(DomainException.Forbidden.class);
    assertThat(f.seal.state()).isEqualTo(SealState.UNSEALED);
  }

  @Test
  void rekeyChangesThePasswordWithoutReencryptingAnyEntry() {
    f.seal.initialize(pw(PASSWORD));
    f.seal.barrier().put("sys/a", b("alpha"));
    f.seal.barrier().mountStorage("m1").put("k", b("beta"));
    byte[] sysBefore = f.storage.get("sys/a").orElseThrow();
    byte[] engineBefore = f.storage.get("engine/m1/k").orElseThrow();

    assertThatThrownBy(() -> f.seal.rekey(ADMIN, pw(WRONG), pw("a brand new password")))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid password");
    f.seal.rekey(ADMIN, pw(PASSWORD), pw("a brand new password"));

    assertThat(f.storage.get("sys/a").orElseThrow()).isEqualTo(sysBefore);
    assertThat(f.storage.get("engine/m1/k").orElseThrow()).isEqualTo(engineBefore);
    SealLifecycle restarted = f.restart();
    assertThatThrownBy(() -> restarted.unseal(pw(PASSWORD), ""))
        .isInstanceOf(DomainException.Unauthenticated.class);
    restarted.unseal(pw("a brand new password"), "");
    assertThat(restarted.barrier().get("sys/a")).hasValue(b("alpha"));
    assertThat(restarted.barrier().mountStorage("m1").get("k")).hasValue(b("beta"));
  }

  @Test
  void rotationAddsAVersionKeepsOldEntriesReadableAndReencryptsInTheBackground() {
    f.seal.initialize(pw(PASSWORD));
    Barrier barrier = f.seal.barrier();
    barrier.put("sys/old", b("written under v1"));
    barrier.mountStorage("m").put("k", b("engine data"));

    KeyRotation rotation = f.seal.rotateMasterKey(ADMIN);

    assertThat(rotation.activeVersion()).isEqualTo(2);
    assertThat(rotation.versions()).containsExactly(1, 2);
    assertThat(rotation.entriesPending()).isEqualTo(2); // sys/old and the mount's DEK
    assertThat(rotation.inProgress()).isTrue();
    assertThat(barrier.get("sys/old")).hasValue(b("written under v1"));
    barrier.put("sys/new", b("written under v2"));
    assertThat(Barrier.keyIdOf("sys/new", f.storage.get("sys/new").orElseThrow())).isEqualTo(2);

    f.executor.runAll();

    KeyRotation done = f.seal.keyStatus(ADMIN);
    assertThat(done.entriesPending()).isZero();
    assertThat(done.inProgress()).isFalse();
    assertThat(Barrier.keyIdOf("sys/old", f.storage.get("sys/old").orElseThrow())).isEqualTo(2);
    assertThat(barrier.get("sys/old")).hasValue(b("written under v1"));
    assertThat(barrier.mountStorage("m").get("k")).hasValue(b("engine data"));
  }

  @Test
  void aRotationInterruptedBySealResumesAtTheNextUnseal() {
    f.seal.initialize(pw(PASSWORD));
    f.seal.barrier().put("sys/a", b("a"));
    f.seal.rotateMasterKey(ADMIN);
    f.executor.queue.clear(); // the process stops before the background job runs
    SealLifecycle restarted = f.restart();

    restarted.unseal(pw(PASSWORD), "");
    assertThat(restarted.keyStatus(ADMIN).activeVersion()).isEqualTo(2);
    assertThat(restarted.keyStatus(ADMIN).inProgress()).isTrue();
    assertThat(f.executor.runAll()).isEqualTo(1);
    assertThat(restarted.keyStatus(ADMIN).entriesPending()).isZero();
    assertThat(restarted.keyStatus(ADMIN).inProgress()).isFalse();
    assertThat(restarted.barrier().get("sys/a")).hasValue(b("a"));
  }

  @Test
  void aReencryptionThatFindsTheBarrierSealedStopsAndLeavesTheMarker() {
    f.seal.initialize(pw(PASSWORD));
    f.seal.barrier().put("sys/a", b("a"));
    f.seal.rotateMasterKey(ADMIN);
    f.seal.seal(ADMIN);
    f.executor.runAll();
    assertThat(f.storage.get(SealLifecycle.ROTATION_MARKER)).isPresent();
    assertThat(Barrier.keyIdOf("sys/a", f.storage.get("sys/a").orElseThrow())).isEqualTo(1);
  }

  @Test
  void rotatedVersionsSurviveRestartAndRekeyFoldsTheChainIntoTheKeyring() {
    f.seal.initialize(pw(PASSWORD));
    f.seal.rotateMasterKey(ADMIN);
    f.seal.rotateMasterKey(ADMIN);
    f.executor.runAll();
    f.seal.barrier().put("sys/v3", b("three"));
    assertThat(f.storage.list(SealLifecycle.MEK_CHAIN)).hasSize(2);

    SealLifecycle restarted = f.restart();
    restarted.unseal(pw(PASSWORD), "");
    assertThat(restarted.keyStatus(ADMIN).versions()).containsExactly(1, 2, 3);
    assertThat(restarted.barrier().get("sys/v3")).hasValue(b("three"));

    restarted.rekey(ADMIN, pw(PASSWORD), pw("the next password"));
    assertThat(f.storage.list(SealLifecycle.MEK_CHAIN)).isEmpty();
    SealLifecycle again = f.restart();
    again.unseal(pw("the next password"), "");
    assertThat(again.keyStatus(ADMIN).versions()).containsExactly(1, 2, 3);
    assertThat(again.barrier().get("sys/v3")).hasValue(b("three"));
  }

  @Test
  void aRekeyKeepsTheVersionsAnotherProcessAddedAfterThisOneUnsealed() {
    f.seal.initialize(pw(PASSWORD));
    SealLifecycle offlineTool = f.seal;
    SealLifecycle server =
        new SealLifecycle(f.storage, SealFixture.SETTINGS, f.clock, f.audit, f.executor);
    server.unseal(pw(PASSWORD), "");
    server.rotateMasterKey(ADMIN);
    server.barrier().put("sys/under-v2", b("two"));

    offlineTool.rekey(ADMIN, pw(PASSWORD), pw("the rekeyed password"));

    SealLifecycle restarted = f.restart();
    restarted.unseal(pw("the rekeyed password"), "");
    assertThat(restarted.keyStatus(ADMIN).versions()).containsExactly(1, 2);
    assertThat(restarted.barrier().get("sys/under-v2")).hasValue(b("two"));
  }

  @Test
  void unsealingAnUnsealedBarrierNeitherDerivesNorCountsFailures() {
    f.seal.initialize(pw(PASSWORD));
    for (int i = 0; i < 10; i++) {
      f.seal.unseal(pw(WRONG), "");
    }
    assertThat(f.seal.state()).isEqualTo(SealState.UNSEALED);
    f.seal.rekey(ADMIN, pw(PASSWORD), pw("rekey still allowed"));
  }

  @Test
  void auditFailsClosedForInitRekeyAndRotation() {
    dev.metacircular.ports.audit.out.AuditLog failing =
        new dev.metacircular.ports.audit.out.AuditLog() {
          @Override
          public AuditEvent append(AuditEvent event) {
            throw new IllegalStateException("audit disk full");
          }

          @Override
          public java.util.List<AuditEvent> query(dev.metacircular.ports.audit.AuditFilter filter) {
            return java.util.List.of();
          }

          @Override
          public java.util.List<AuditEvent> tail(int n) {
            return java.util.List.of();
          }

          @Override
          public void readChain(
              java.util.function.Consumer<dev.metacircular.ports.audit.ChainedEntry> sink) {
            // Nothing was ever written.
          }
        };
    SealLifecycle noAudit =
        new SealLifecycle(f.storage, SealFixture.SETTINGS, f.clock, failing, f.executor);
    assertThatThrownBy(() -> noAudit.initialize(pw(PASSWORD))).hasMessage("audit disk full");
    assertThat(f.storage.list("")).isEmpty();
    assertThat(noAudit.state()).isEqualTo(SealState.UNINITIALIZED);
  }

  @Test
  void putAllWritesAndDeletesAtomically() {
    f.seal.initialize(pw(PASSWORD));
    Barrier barrier = f.seal.barrier();
    barrier.put("sys/gone", b("x"));
    java.util.Map<String, byte[]> writes = new java.util.LinkedHashMap<>();
    writes.put("sys/one", b("1"));
    writes.put("sys/gone", null);
    barrier.putAll(writes);
    assertThat(barrier.get("sys/one")).hasValue(b("1"));
    assertThat(barrier.get("sys/gone")).isEmpty();
    assertThat(barrier.list("sys/")).containsExactly("sys/one");
  }

  @Test
  void destroyMountRemovesItsEntriesAndItsKey() {
    f.seal.initialize(pw(PASSWORD));
    Barrier barrier = f.seal.barrier();
    barrier.mountStorage("gone").putAll(Map.of("a", b("1"), "b", b("2")));
    barrier.mountStorage("kept").put("a", b("3"));
    barrier.destroyMount("gone");
    assertThat(f.storage.list("engine/gone/")).isEmpty();
    assertThat(f.storage.get("sys/deks/gone")).isEmpty();
    assertThat(barrier.mountStorage("kept").get("a")).hasValue(b("3"));
    assertThat(barrier.mountStorage("gone").list("")).isEmpty();
  }

  /** Reads whether a DEK was wiped without keeping it reachable through the barrier. */
  record SealingKeyProbe(dev.metacircular.crypto.SealingKey key) {
    boolean destroyed() {
      return key.isDestroyed();
    }
  }
}
