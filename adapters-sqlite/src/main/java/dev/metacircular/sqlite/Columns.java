package dev.metacircular.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** How values are laid out in columns: instants as epoch milliseconds (INTEGER), nullable. */
final class Columns {

  private Columns() {}

  /** Epoch milliseconds; anything below a millisecond is dropped (the ports allow that). */
  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
    Instant value = instant(rs, column);
    if (value == null) {
      throw new SQLException("column " + column + " is unexpectedly null");
    }
    return value;
  }
}
