package dev.metacircular.apps.crypto;

import dev.metacircular.apps.config.MetacryptConfig;
import dev.metacircular.domain.seal.SealBarrier;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.sqlite.SqliteBarrierStorage;
import java.time.Clock;

/**
 * The seal barrier over the database file, for the offline commands (init, rekey): no server, no
 * identity service, no engines. Closing seals it (wiping the keys) and closes the database.
 */
final class OfflineBarrier implements AutoCloseable {

  private final SqliteBarrierStorage storage;
  private final SealBarrier barrier;

  OfflineBarrier(MetacryptConfig config) {
    this.storage = SqliteBarrierStorage.open(config.databasePath());
    this.barrier =
        new SealBarrier(
            storage.physical(),
            CryptoService.sealSettings(config),
            Clock.systemUTC(),
            storage.audit(),
            Runnable::run);
  }

  SealBarrier barrier() {
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
