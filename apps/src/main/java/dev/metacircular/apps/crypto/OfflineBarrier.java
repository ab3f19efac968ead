package dev.metacircular.apps.crypto;

import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.sqlite.SqliteCryptoStorage;
import java.time.Clock;

/**
 * The seal barrier over the database file, for the offline commands (init, rekey): no server, no
 * identity service, no engines. Closing seals it (wiping the keys) and closes the database.
 */
final class OfflineBarrier implements AutoCloseable {

  private final SqliteCryptoStorage storage;
  private final SealLifecycle barrier;

  OfflineBarrier(MetacryptConfig config) {
    this.storage = SqliteCryptoStorage.open(config.databasePath());
    this.barrier =
        new SealLifecycle(
            storage.physical(),
            CryptoService.sealSettings(config),
            Clock.systemUTC(),
            storage.audit(),
            Runnable::run);
  }

  SealLifecycle barrier() {
    return barrier;
  }

  @Override
  public void close() {
    try {
      if (barrier.state() == SealState.UNSEALED) {
        barrier.seal(Caller.offlineTool("metacrypt"));
      }
    } finally {
      storage.close();
    }
  }
}
