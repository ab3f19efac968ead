package dev.metacircular.apps.backup;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which backups to keep: the newest {@code keepLast}, plus the newest of each of the last {@code
 * keepDaily} days and of each of the last {@code keepWeekly} weeks (UTC days, ISO weeks from
 * Monday, counted back from the day of {@code now}). Everything else may be removed. The newest
 * backup is always kept, whatever the numbers.
 */
public record BackupRetention(int keepLast, int keepDaily, int keepWeekly) {

  /** 7 last, 7 daily, 4 weekly. */
  public static final BackupRetention DEFAULT = new BackupRetention(7, 7, 4);

  public BackupRetention {
    if (keepLast < 1) {
      throw new IllegalArgumentException("--keep-last must be at least 1, got " + keepLast);
    }
    if (keepDaily < 0) {
      throw new IllegalArgumentException("--keep-daily must not be negative, got " + keepDaily);
    }
    if (keepWeekly < 0) {
      throw new IllegalArgumentException("--keep-weekly must not be negative, got " + keepWeekly);
    }
  }

  /** The backups (by their time) to keep among {@code taken}, judged at {@code now}. */
  public Set<Instant> keep(Collection<Instant> taken, Instant now) {
    List<Instant> newestFirst =
        taken.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    Set<Instant> kept =
        new LinkedHashSet<>(newestFirst.subList(0, Math.min(keepLast, newestFirst.size())));
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate firstDay = today.minusDays(Math.max(keepDaily - 1, 0));
    LocalDate thisWeek = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate firstWeek = thisWeek.minusWeeks(Math.max(keepWeekly - 1, 0));
    LocalDate lastDay = null;
    LocalDate lastWeek = null;
    for (Instant backup : newestFirst) {
      LocalDate day = LocalDate.ofInstant(backup, ZoneOffset.UTC);
      if (keepDaily > 0 && !day.isBefore(firstDay) && !day.equals(lastDay)) {
        kept.add(backup);
        lastDay = day;
      }
      LocalDate week = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      if (keepWeekly > 0 && !week.isBefore(firstWeek) && !week.equals(lastWeek)) {
        kept.add(backup);
        lastWeek = week;
      }
    }
    return kept;
  }

  /** How far back the daily and weekly backups reach. */
  public Duration reach() {
    return Duration.ofDays(Math.max(keepDaily, 7L * keepWeekly));
  }
}
