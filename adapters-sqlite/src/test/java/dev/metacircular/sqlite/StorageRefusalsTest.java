package dev.metacircular.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.health.out.ReadinessCheck;
import dev.metacircular.ports.storage.StorageProblem;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's own refusals, for real: {@code PRAGMA max_page_count} at the file's size makes writes
 * fail with {@code SQLITE_FULL}, {@code PRAGMA query_only} with {@code SQLITE_READONLY}. Both
 * become {@code StorageUnavailable} with the operator's words, counted once, the readiness probe
 * says so without writing anything, and the store takes writes again once the cause is gone.
 */
class StorageRefusalsTest {
  @TempDir Path dir;
  SqliteIdentityStorage storage;
  final List<TelemetryEvent> reported = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    storage = SqliteIdentityStorage.open(dir.resolve("mcias.db"));
    storage.reportRefusalsTo(reported::add);
  }

  @AfterEach
  void close() {
    storage.close(); // fails if a refusal left the connection inside a transaction
  }

  private void pragma(String assignment) {
    storage
        .database()
        .withHandle(
            h -> {
              h.execute("PRAGMA " + assignment);
              return null;
            });
  }

  private Map<String, Optional<String>> readiness() {
    return storage.readinessChecks().stream()
        .collect(Collectors.toMap(ReadinessCheck::name, ReadinessCheck::problem));
  }

  private DomainException.StorageUnavailable fillUntilRefused() {
    for (int i = 0; i < 10_000; i++) {
      int n = i;
      try {
        storage.transactions().run(() -> storage.settings().put("filler." + n, new byte[2048]));
      } catch (DomainException.StorageUnavailable refused) {
        return refused;
      }
    }
    throw new AssertionError("the capped file never filled");
  }

  @Test
  void aReadyFileSaysSoAndTheProbeLeavesNothingBehind() {
    assertThat(readiness())
        .containsOnly(Map.entry("storage", Optional.empty()), Map.entry("audit", Optional.empty()));
    int probes =
        storage
            .database()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM sqlite_master WHERE name = 'readiness_probe'")
                        .mapTo(Integer.class)
                        .one());
    assertThat(probes).isZero();
  }

  @Test
  void aFullFileRefusesWithStorageFullCountsItAndRecoversWhenSpaceReturns() {
    pragma("max_page_count = " + storage.database().pragma("page_count"));
    DomainException.StorageUnavailable refused = fillUntilRefused();
    assertThat(refused.getMessage()).isEqualTo("storage full");
    assertThat(refused.problem()).isEqualTo(StorageProblem.FULL);
    assertThat(refused).isInstanceOf(DomainException.Unavailable.class);
    assertThat(reported).containsExactly(new TelemetryEvent.StorageRefused(StorageProblem.FULL));
    assertThat(readiness().get("storage")).contains("storage full");
    assertThat(readiness().get("audit")).contains("storage full");

    pragma("max_page_count = 1073741823");
    assertThat(readiness().get("storage")).isEmpty();
    storage.transactions().run(() -> storage.settings().put("after", new byte[] {1}));
    assertThat(storage.settings().get("after")).isPresent();
  }

  @Test
  void aReadOnlyFileRefusesWithStorageReadOnlyAndRecovers() {
    pragma("query_only = 1");
    assertThatThrownBy(
            () -> storage.transactions().run(() -> storage.settings().put("x", new byte[] {1})))
        .isInstanceOf(DomainException.StorageUnavailable.class)
        .hasMessage("storage read-only");
    assertThatThrownBy(() -> storage.settings().put("y", new byte[] {1}))
        .isInstanceOf(DomainException.StorageUnavailable.class)
        .hasMessage("storage read-only");
    assertThat(readiness().get("storage")).contains("storage read-only");
    assertThat(reported)
        .containsOnly(new TelemetryEvent.StorageRefused(StorageProblem.READ_ONLY))
        .hasSize(2);

    pragma("query_only = 0");
    storage.transactions().run(() -> storage.settings().put("x", new byte[] {1}));
    assertThat(storage.settings().get("x")).isPresent();
    assertThat(readiness().get("storage")).isEmpty();
  }

  @Test
  void otherFailuresAndTheWorksOwnRefusalsAreNotReworded() {
    DomainException.Conflict own = new DomainException.Conflict("taken");
    assertThatThrownBy(
            () ->
                storage
                    .transactions()
                    .run(
                        () -> {
                          throw own;
                        }))
        .isSameAs(own);
    assertThat(StorageRefusals.problem(new IllegalStateException("boom"))).isEmpty();
    assertThat(reported).isEmpty();
  }
}
