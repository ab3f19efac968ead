package dev.metacircular.sqlite;

import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The barrier's physical storage in the {@code barrier} table. {@code get}, {@code put} and {@code
 * delete} are one statement each, atomic on their own and on disk (synchronous=FULL) when they
 * return; {@code apply} is one transaction.
 */
final class SqlitePhysicalStorage implements PhysicalStorage {

  private static final String UPSERT =
      "INSERT INTO barrier (key, value) VALUES (:key, :value)"
          + " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

  private static final String DELETE = "DELETE FROM barrier WHERE key = :key";

  /** A prefix's keys: a range on the primary key, answered from the key's index alone. */
  static final String LIST_RANGE =
      "SELECT key FROM barrier WHERE key >= :lower AND key < :upper ORDER BY key";

  /** A prefix's keys when the range has no upper bound (the empty prefix, U+10FFFF...). */
  static final String LIST_FROM = "SELECT key FROM barrier WHERE key >= :lower ORDER BY key";

  private final SqliteDatabase db;

  SqlitePhysicalStorage(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<byte[]> get(String key) {
    BarrierKeys.requireStorable(key);
    return db.withHandle(
        h ->
            h.createQuery("SELECT value FROM barrier WHERE key = :key")
                .bind("key", key)
                // The driver returns a fresh array per read: callers may keep or change it.
                .map((rs, ctx) -> nonNull(rs.getBytes(1)))
                .findOne());
  }

  @Override
  public void put(String key, byte[] value) {
    BarrierKeys.requireStorable(key);
    Objects.requireNonNull(value, "value");
    db.withHandle(h -> upsert(h, key, value));
  }

  @Override
  public boolean delete(String key) {
    BarrierKeys.requireStorable(key);
    return db.withHandle(h -> remove(h, key)) == 1;
  }

  @Override
  public List<String> list(String prefix) {
    Optional<BarrierKeys.Range> range = BarrierKeys.range(prefix);
    if (range.isEmpty()) {
      return List.of(); // no storable key can start with it
    }
    String lower = range.get().lower();
    String upper = range.get().upper();
    List<String> keys =
        db.withHandle(
            h -> {
              Query q =
                  upper == null
                      ? h.createQuery(LIST_FROM)
                      : h.createQuery(LIST_RANGE).bind("upper", upper);
              return q.bind("lower", lower).mapTo(String.class).list();
            });
    // SQLite returns code point order; the port's order is String's (UTF-16), which differs only
    // between supplementary characters and U+E000..U+FFFF. The list is sorted or nearly so, and
    // sorting it again costs one pass.
    keys.sort(null);
    return keys;
  }

  @Override
  public void apply(List<StorageWrite> writes) {
    List<StorageWrite> batch = List.copyOf(Objects.requireNonNull(writes, "writes"));
    for (StorageWrite w : batch) {
      BarrierKeys.requireStorable(w.key());
    }
    if (batch.isEmpty()) {
      return; // nothing to commit, nothing to sync
    }
    db.inTransaction(
        h -> {
          for (StorageWrite w : batch) {
            if (w instanceof StorageWrite.Put p) {
              upsert(h, p.key(), p.value());
            } else {
              remove(h, w.key());
            }
          }
          return null;
        });
  }

  private static int upsert(Handle h, String key, byte[] value) {
    return h.createUpdate(UPSERT).bind("key", key).bind("value", value).execute();
  }

  private static int remove(Handle h, String key) {
    return h.createUpdate(DELETE).bind("key", key).execute();
  }

  /** SQLite hands back an empty BLOB as no bytes at all; the column is NOT NULL, so it is empty. */
  private static byte[] nonNull(byte[] value) {
    return value == null ? new byte[0] : value;
  }
}
