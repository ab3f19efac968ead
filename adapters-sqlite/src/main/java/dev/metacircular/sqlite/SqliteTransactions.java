package dev.metacircular.sqlite;

import dev.metacircular.ports.storage.out.Transactions;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Units of work over one database. The work runs on the caller's thread while it holds the database
 * lock inside a transaction; every store call it makes on that thread joins the transaction (the
 * lock is reentrant, and JDBI runs a nested {@code inTransaction} in the open one). Other threads
 * wait until the unit of work ends.
 */
final class SqliteTransactions implements Transactions {

  private final SqliteDatabase db;

  SqliteTransactions(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public <T> T inTransaction(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    // Whatever the work throws rolls back and propagates as it is: a DomainException stays the
    // refusal it was, and is never wrapped in a storage exception.
    return db.inTransaction(h -> work.get());
  }
}
