package dev.metacircular.sqlite;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.storage.StorageProblem;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite's "the disk is full" ({@code SQLITE_FULL}) and "the file is read-only" ({@code
 * SQLITE_READONLY} and its extended codes) as the refusal every door answers with 503 and words an
 * operator can act on ({@code storage full}, {@code storage read-only}), instead of an internal
 * error. Nothing was written (SQLite rolled the statement or transaction back), and the next write
 * succeeds by itself once space returns or the file is writable again.
 */
final class StorageRefusals {
  private StorageRefusals() {}

  /**
   * {@code failure} as a {@code StorageUnavailable} when SQLite refused for space or mode, reported
   * to {@code telemetry} once here, where it is detected; any other failure unchanged.
   */
  static RuntimeException translate(RuntimeException failure, Telemetry telemetry) {
    if (failure instanceof DomainException) {
      return failure; // the work's own refusal (or one translated already), never reworded
    }
    Optional<StorageProblem> problem = problem(failure);
    if (problem.isEmpty()) {
      return failure;
    }
    telemetry.record(new TelemetryEvent.StorageRefused(problem.get()));
    return new DomainException.StorageUnavailable(problem.get());
  }

  /** The storage problem behind {@code failure}, if SQLite's answer anywhere in it names one. */
  static Optional<StorageProblem> problem(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        SQLiteErrorCode code = sqlite.getResultCode();
        int primary = code == null ? sqlite.getErrorCode() & 0xff : code.code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
          return Optional.of(StorageProblem.FULL);
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
          return Optional.of(StorageProblem.READ_ONLY);
        }
      }
    }
    return Optional.empty();
  }
}
