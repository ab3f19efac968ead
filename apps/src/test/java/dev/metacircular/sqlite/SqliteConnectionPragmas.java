package dev.metacircular.sqlite;

/**
 * For apps' tests: sets a pragma on a running server's own SQLite connection (pragmas such as
 * {@code max_page_count} and {@code query_only} hold per connection), so a test can make the real
 * database refuse writes the way a full disk or a read-only file does. Lives in the adapter's
 * package to reach its package-private handle; not part of the product.
 */
public final class SqliteConnectionPragmas {
  private SqliteConnectionPragmas() {}

  /** Runs {@code PRAGMA <assignment>} on {@code file}'s connection. */
  public static void set(SqliteServiceFile file, String assignment) {
    file.database()
        .withHandle(
            h -> {
              h.execute("PRAGMA " + assignment);
              return null;
            });
  }

  /** {@code PRAGMA page_count}: the pages the file has now. */
  public static long pageCount(SqliteServiceFile file) {
    return Long.parseLong(file.database().pragma("page_count"));
  }
}
