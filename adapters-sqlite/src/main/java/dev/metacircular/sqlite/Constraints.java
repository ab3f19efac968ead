package dev.metacircular.sqlite;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Recognises which constraint a failed statement broke, so that a store can turn "this name is
 * taken" into the refusal the port promises instead of an internal error.
 */
final class Constraints {

  private Constraints() {}

  /**
   * Whether {@code failure} (or a cause of it) is SQLite reporting a UNIQUE or PRIMARY KEY
   * violation on {@code tableDotColumn}, such as {@code accounts.username}.
   */
  static boolean isUniqueViolation(Throwable failure, String tableDotColumn) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        SQLiteErrorCode code = e.getResultCode();
        boolean unique =
            code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
        // SQLite names the columns in its message: "UNIQUE constraint failed: accounts.username".
        String message = e.getMessage();
        return unique
            && message != null
            && message.contains("constraint failed: " + tableDotColumn);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Whether {@code failure} (or a cause of it) is SQLite reporting a FOREIGN KEY violation. */
  static boolean isForeignKeyViolation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        return e.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
