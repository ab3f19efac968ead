package dev.metacircular.domain.acme;

import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeProblemType;
import dev.metacircular.ports.acme.ValidationTarget;
import dev.metacircular.ports.acme.out.ChallengeValidator;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Runs challenge validations in the background on the executor it is given (bounded by whoever made
 * it): up to {@code attempts} tries, {@code retryDelay} apart, then hands the outcome (empty:
 * valid; else the last problem) to the caller's completion. A validator that throws counts as a
 * {@code serverInternal} failure of that attempt, never as success.
 */
final class ChallengeRuns {
  private static final System.Logger LOG = System.getLogger(ChallengeRuns.class.getName());

  private final ChallengeValidator validator;
  private final Executor executor;
  private final int attempts;
  private final Duration retryDelay;

  ChallengeRuns(ChallengeValidator validator, Executor executor, int attempts, Duration delay) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    this.validator = validator;
    this.executor = executor;
    this.attempts = attempts;
    this.retryDelay = delay;
  }

  /** Starts a validation; throws {@code RejectedExecutionException} when the executor is full. */
  void start(ValidationTarget target, Consumer<Optional<AcmeProblem>> done) {
    executor.execute(() -> done.accept(run(target)));
  }

  Optional<AcmeProblem> run(ValidationTarget target) {
    Optional<AcmeProblem> outcome = Optional.empty();
    for (int attempt = 1; attempt <= attempts; attempt++) {
      outcome = once(target);
      if (outcome.isEmpty() || attempt == attempts) {
        break;
      }
      try {
        Thread.sleep(retryDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return outcome;
  }

  private Optional<AcmeProblem> once(ValidationTarget target) {
    try {
      return validator.validate(target);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "challenge validator failed", e);
      return Optional.of(
          new AcmeProblem(AcmeProblemType.SERVER_INTERNAL, "the validation failed unexpectedly"));
    }
  }
}
