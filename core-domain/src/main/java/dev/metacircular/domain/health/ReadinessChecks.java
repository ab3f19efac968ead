package dev.metacircular.domain.health;

import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.health.Readiness;
import dev.metacircular.ports.health.in.ReadinessUseCase;
import dev.metacircular.ports.health.out.ReadinessCheck;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.in.SealUseCase;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's readiness: every check, run in order each time it is asked. A check that throws has
 * failed: a refusal's words are its reason ({@code storage full}); anything else is reported as
 * {@code check failed} to the client and logged in full here.
 */
public final class ReadinessChecks implements ReadinessUseCase {
  private static final System.Logger LOG = System.getLogger(ReadinessChecks.class.getName());

  private final List<ReadinessCheck> checks;

  public ReadinessChecks(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  @Override
  public Readiness check() {
    List<Readiness.Failure> failures = new ArrayList<>();
    for (ReadinessCheck check : checks) {
      problem(check).ifPresent(reason -> failures.add(new Readiness.Failure(check.name(), reason)));
    }
    return new Readiness(failures);
  }

  private static Optional<String> problem(ReadinessCheck check) {
    try {
      return check.problem();
    } catch (DomainException refused) {
      return Optional.of(refused.getMessage());
    } catch (RuntimeException broken) {
      LOG.log(Level.WARNING, "readiness check " + check.name() + " failed", broken);
      return Optional.of("check failed");
    }
  }

  /** {@code unsealed}: the barrier is open (a sealed crypto service answers nothing useful). */
  public static ReadinessCheck unsealed(SealUseCase seal) {
    Objects.requireNonNull(seal, "seal");
    return ReadinessCheck.of(
        "unsealed",
        () -> {
          SealState state = seal.state();
          if (state == SealState.UNSEALED) {
            return Optional.empty();
          }
          return Optional.of(state == SealState.UNINITIALIZED ? "not initialized" : "sealed");
        });
  }

  /** {@code identity}: the identity service answers (the crypto service's logins and tokens). */
  public static ReadinessCheck identityReachable(IdentityProvider identity) {
    Objects.requireNonNull(identity, "identity");
    return ReadinessCheck.of(
        "identity",
        () -> {
          identity.checkReachable();
          return Optional.empty();
        });
  }
}
