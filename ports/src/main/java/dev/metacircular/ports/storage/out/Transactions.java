package dev.metacircular.ports.storage.out;

import java.util.function.Supplier;

/**
 * Outbound port: runs a unit of work atomically across the stores of one database. Everything the
 * work writes through any store of the same database commits together or not at all; an exception
 * thrown by the work rolls back and is rethrown unchanged. Calls nest: an inner call joins the
 * outer unit of work.
 */
public interface Transactions {

  <T> T inTransaction(Supplier<T> work);

  default void run(Runnable work) {
    inTransaction(
        () -> {
          work.run();
          return null;
        });
  }
}
