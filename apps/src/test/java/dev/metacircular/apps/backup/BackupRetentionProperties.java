package dev.metacircular.apps.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** What retention keeps: the newest always, the last N, one per day and per week in reach. */
class BackupRetentionProperties {
  static final Instant NOW = Instant.parse("2026-12-07T16:00:00Z");

  @Provide
  Arbitrary<List<Instant>> backups() {
    // Up to 120 backups spread over the last 90 days (and a few in the future, by clock skew).
    return Arbitraries.longs()
        .between(-90L * 24 * 3600, 3600)
        .map(seconds -> NOW.plusSeconds(seconds))
        .list()
        .ofMinSize(0)
        .ofMaxSize(120);
  }

  @Property
  void theNewestNAreAlwaysKept(
      @ForAll("backups") List<Instant> taken,
      @ForAll @IntRange(min = 1, max = 10) int last,
      @ForAll @IntRange(min = 0, max = 10) int daily,
      @ForAll @IntRange(min = 0, max = 6) int weekly) {
    Set<Instant> kept = new BackupRetention(last, daily, weekly).keep(taken, NOW);
    List<Instant> newest =
        taken.stream().distinct().sorted(Comparator.reverseOrder()).limit(last).toList();
    assertThat(kept).containsAll(newest);
    assertThat(taken).containsAll(kept);
    assertThat(kept.size()).isLessThanOrEqualTo(last + daily + weekly);
  }

  @Property
  void everyDayInReachKeepsItsNewestBackup(
      @ForAll("backups") List<Instant> taken, @ForAll @IntRange(min = 1, max = 10) int daily) {
    Set<Instant> kept = new BackupRetention(1, daily, 0).keep(taken, NOW);
    LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    for (int d = 0; d < daily; d++) {
      LocalDate day = today.minusDays(d);
      taken.stream()
          .filter(t -> LocalDate.ofInstant(t, ZoneOffset.UTC).equals(day))
          .max(Comparator.naturalOrder())
          .ifPresent(newestOfDay -> assertThat(kept).contains(newestOfDay));
    }
  }

  @Property
  void pruningTwiceRemovesNothingMore(
      @ForAll("backups") List<Instant> taken,
      @ForAll @IntRange(min = 1, max = 10) int last,
      @ForAll @IntRange(min = 0, max = 10) int daily,
      @ForAll @IntRange(min = 0, max = 6) int weekly) {
    BackupRetention retention = new BackupRetention(last, daily, weekly);
    Set<Instant> kept = retention.keep(taken, NOW);
    assertThat(retention.keep(kept, NOW)).isEqualTo(kept);
  }

  @Test
  void oldBackupsBeyondEveryWindowGo() {
    BackupRetention retention = new BackupRetention(2, 3, 3);
    List<Instant> taken =
        List.of(
            NOW.minus(Duration.ofDays(60)),
            NOW.minus(Duration.ofDays(20)),
            NOW.minus(Duration.ofDays(8)), // the only one of the week before last: weekly
            NOW.minus(Duration.ofDays(2)), // daily
            NOW.minus(Duration.ofHours(3)),
            NOW.minus(Duration.ofHours(2)),
            NOW.minus(Duration.ofHours(1)));
    assertThat(retention.keep(taken, NOW))
        .containsExactlyInAnyOrder(
            NOW.minus(Duration.ofDays(8)),
            NOW.minus(Duration.ofDays(2)),
            NOW.minus(Duration.ofHours(2)),
            NOW.minus(Duration.ofHours(1)));
  }

  @Test
  void badNumbersAreRefusedByName() {
    assertThatThrownBy(() -> new BackupRetention(0, 1, 1)).hasMessageContaining("--keep-last");
    assertThatThrownBy(() -> new BackupRetention(1, -1, 1)).hasMessageContaining("--keep-daily");
    assertThatThrownBy(() -> new BackupRetention(1, 1, -1)).hasMessageContaining("--keep-weekly");
  }
}
