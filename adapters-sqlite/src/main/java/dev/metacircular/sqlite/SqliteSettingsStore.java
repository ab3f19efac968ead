package dev.metacircular.sqlite;

import dev.metacircular.ports.storage.out.SettingsStore;
import java.util.Objects;
import java.util.Optional;

/** Named opaque values in {@code settings}. */
final class SqliteSettingsStore implements SettingsStore {

  private final SqliteDatabase db;

  SqliteSettingsStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Optional<byte[]> get(String name) {
    Objects.requireNonNull(name, "name");
    return db.withHandle(
        h ->
            h.createQuery("SELECT value FROM settings WHERE name = :name")
                .bind("name", name)
                // The driver returns a fresh array per read: callers may keep or change it.
                .map((rs, ctx) -> nonNull(rs.getBytes("value")))
                .findOne());
  }

  @Override
  public void put(String name, byte[] value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    db.withHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO settings (name, value) VALUES (:name, :value)"
                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .bind("name", name)
                .bind("value", value)
                .execute());
  }

  @Override
  public boolean putIfAbsent(String name, byte[] value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return db.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO settings (name, value) VALUES (:name, :value)"
                            + " ON CONFLICT (name) DO NOTHING")
                    .bind("name", name)
                    .bind("value", value)
                    .execute())
        == 1;
  }

  /** SQLite hands back an empty BLOB as no bytes at all; the column is NOT NULL, so it is empty. */
  private static byte[] nonNull(byte[] value) {
    return value == null ? new byte[0] : value;
  }
}
