package dev.metacircular.domain.telemetry;

import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import dev.metacircular.ports.telemetry.TelemetryEvent.Access;
import dev.metacircular.ports.telemetry.TelemetryEvent.BarrierAccess;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The barrier's physical storage, reporting each read and write to {@link Telemetry}: the barrier's
 * traffic, counted beneath it so reads at unseal and re-encryption count too. A batch is one write.
 * Keys and values are never reported.
 */
public final class CountedStorage implements PhysicalStorage {
  private static final BarrierAccess READ = new BarrierAccess(Access.READ);
  private static final BarrierAccess WRITE = new BarrierAccess(Access.WRITE);

  private final PhysicalStorage storage;
  private final Telemetry telemetry;

  private CountedStorage(PhysicalStorage storage, Telemetry telemetry) {
    this.storage = storage;
    this.telemetry = telemetry;
  }

  /** {@code storage} itself when there is nothing to report to. */
  public static PhysicalStorage wrap(PhysicalStorage storage, Telemetry telemetry) {
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(telemetry, "telemetry");
    return telemetry == Telemetry.NONE ? storage : new CountedStorage(storage, telemetry);
  }

  @Override
  public Optional<byte[]> get(String key) {
    Optional<byte[]> value = storage.get(key);
    telemetry.record(READ);
    return value;
  }

  @Override
  public void put(String key, byte[] value) {
    storage.put(key, value);
    telemetry.record(WRITE);
  }

  @Override
  public boolean delete(String key) {
    boolean deleted = storage.delete(key);
    telemetry.record(WRITE);
    return deleted;
  }

  @Override
  public List<String> list(String prefix) {
    List<String> keys = storage.list(prefix);
    telemetry.record(READ);
    return keys;
  }

  @Override
  public void apply(List<StorageWrite> writes) {
    storage.apply(writes);
    if (!writes.isEmpty()) {
      telemetry.record(WRITE);
    }
  }
}
