package dev.metacircular.domain.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.health.Readiness;
import dev.metacircular.ports.health.out.ReadinessCheck;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.ports.storage.StorageProblem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Readiness: every failed check named with a reason an operator can act on, in order. */
class ReadinessChecksTest {

  static ReadinessCheck check(String name, Optional<String> problem) {
    return ReadinessCheck.of(name, () -> problem);
  }

  static ReadinessCheck throwing(String name, RuntimeException failure) {
    return ReadinessCheck.of(
        name,
        () -> {
          throw failure;
        });
  }

  static SealUseCase sealIn(SealState state) {
    return new SealUseCase() {
      @Override
      public SealState state() {
        return state;
      }

      @Override
      public void initialize(char[] password) {}

      @Override
      public void unseal(char[] password, String sourceAddress) {}

      @Override
      public void seal(Caller caller) {}

      @Override
      public void rekey(Caller caller, char[] oldPassword, char[] newPassword) {}

      @Override
      public KeyRotation rotateMasterKey(Caller caller) {
        throw new UnsupportedOperationException();
      }

      @Override
      public KeyRotation keyStatus(Caller caller) {
        throw new UnsupportedOperationException();
      }
    };
  }

  static IdentityProvider identity(boolean answers) {
    return new IdentityProvider() {
      @Override
      public IssuedToken login(String u, char[] p, String t, String s) {
        throw new UnsupportedOperationException();
      }

      @Override
      public TokenValidation validate(String token) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void logout(String token, String sourceAddress) {}

      @Override
      public String serviceName() {
        return "metacrypt";
      }

      @Override
      public void checkReachable() {
        if (!answers) {
          throw new DomainException.Unavailable("identity service unavailable");
        }
      }
    };
  }

  @Test
  void aServiceWhoseChecksAllPassIsReady() {
    Readiness r =
        new ReadinessChecks(
                List.of(
                    check("storage", Optional.empty()),
                    ReadinessChecks.unsealed(sealIn(SealState.UNSEALED)),
                    ReadinessChecks.identityReachable(identity(true))))
            .check();
    assertThat(r.ready()).isTrue();
    assertThat(r.failures()).isEmpty();
  }

  @Test
  void everyFailedCheckIsNamedWithItsReasonInOrder() {
    Readiness r =
        new ReadinessChecks(
                List.of(
                    check("storage", Optional.of("storage full")),
                    throwing(
                        "audit", new DomainException.StorageUnavailable(StorageProblem.READ_ONLY)),
                    ReadinessChecks.unsealed(sealIn(SealState.SEALED)),
                    ReadinessChecks.identityReachable(identity(false)),
                    throwing("broken", new IllegalStateException("disk exploded: /secret/path"))))
            .check();
    assertThat(r.ready()).isFalse();
    assertThat(r.failures())
        .containsExactly(
            new Readiness.Failure("storage", "storage full"),
            new Readiness.Failure("audit", "storage read-only"),
            new Readiness.Failure("unsealed", "sealed"),
            new Readiness.Failure("identity", "identity service unavailable"),
            new Readiness.Failure("broken", "check failed"));
  }

  @Test
  void anUninitializedBarrierSaysSo() {
    assertThat(ReadinessChecks.unsealed(sealIn(SealState.UNINITIALIZED)).problem())
        .contains("not initialized");
    assertThat(ReadinessChecks.unsealed(sealIn(SealState.UNSEALED)).problem()).isEmpty();
    assertThat(ReadinessChecks.unsealed(sealIn(SealState.UNSEALED)).name()).isEqualTo("unsealed");
    assertThat(ReadinessChecks.identityReachable(identity(true)).name()).isEqualTo("identity");
  }
}
