package dev.metacircular.domain.seal;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.storage.out.PhysicalStorage;

/**
 * Background re-encryption after a master key rotation: re-seals every system entry still under an
 * older version, one entry at a time, each under the barrier's read lock (so seal interrupts it
 * between entries). When none is left it removes the rotation marker; if it is interrupted (seal,
 * restart, a storage failure) the marker stays and the next unseal starts it again, so it is
 * resumable without any progress record: the key id in each entry's header is the progress.
 */
final class Reencryption implements Runnable {

  private static final System.Logger LOG = System.getLogger(Reencryption.class.getName());

  private final SealGate gate;
  private final Barrier barrier;
  private final PhysicalStorage storage;

  Reencryption(SealGate gate, Barrier barrier, PhysicalStorage storage) {
    this.gate = gate;
    this.barrier = barrier;
    this.storage = storage;
  }

  @Override
  public void run() {
    try {
      int rewritten = 0;
      for (String path : storage.list(Barrier.SYS)) {
        if (!gate.isUnsealed()) {
          return;
        }
        if (barrier.read(() -> barrier.reencrypt(path))) {
          rewritten++;
        }
      }
      boolean done =
          barrier.read(
              () -> {
                if (barrier.entriesBelow(gate.keys().activeVersion()) == 0) {
                  storage.delete(SealLifecycle.ROTATION_MARKER);
                  return true;
                }
                return false;
              });
      LOG.log(System.Logger.Level.INFO, "re-encrypted {0} entries; finished: {1}", rewritten, done);
    } catch (DomainException e) {
      // Sealed (or not initialized) mid-way: the marker stays; the next unseal resumes.
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "re-encryption stopped; it resumes at next unseal", e);
    }
  }
}
