package dev.metacircular.ports.engine.spi;

import dev.metacircular.ports.error.DomainException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One item of a batch request: the item's own request record, or why it was refused. A batch never
 * fails for one bad item (each answers for itself), so a door that reads a batch keeps an item's
 * refusal here instead of refusing the whole request.
 */
public sealed interface BatchItem<T extends Record> {

  /** A valid item. */
  record Valid<T extends Record>(T value) implements BatchItem<T> {
    public Valid {
      Objects.requireNonNull(value, "value");
    }
  }

  /** An item its door could not read: the refusal's message answers for it. */
  record Refused<T extends Record>(String reason) implements BatchItem<T> {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** {@code item}, or its refusal when building it threw {@code InvalidInput}. */
  static <T extends Record> BatchItem<T> of(Supplier<T> item) {
    try {
      return new Valid<>(item.get());
    } catch (DomainException.InvalidInput refused) {
      return new Refused<>(refused.getMessage());
    }
  }
}
