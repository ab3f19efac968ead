package dev.metacircular.domain.acme;

import dev.metacircular.domain.engine.EngineRegistry;
import dev.metacircular.domain.engine.ca.AcmeCa;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.ports.error.DomainException;
import java.util.function.Function;

/**
 * How the ACME server reaches a {@code ca} mount: under the barrier's read lock (a seal waits for
 * the work; while sealed the call fails with {@code Unavailable}), with the mount's open engine.
 */
interface CaMounts {

  /**
   * Runs {@code work} with the mount's ACME side; {@code NotFound} if it is no {@code ca} mount.
   */
  <T> T withMount(String mount, Function<AcmeCa, T> work);

  /** The mounts of the crypto core's registry, behind its seal gate. */
  static CaMounts of(SealLifecycle seal, EngineRegistry registry) {
    return new CaMounts() {
      @Override
      public <T> T withMount(String mount, Function<AcmeCa, T> work) {
        return seal.whileUnsealed(
            () -> {
              AcmeCa ca =
                  AcmeCa.of(registry.engine(mount))
                      .orElseThrow(
                          () -> new DomainException.NotFound("mount " + mount + " is not a ca"));
              return work.apply(ca);
            });
      }
    };
  }
}
