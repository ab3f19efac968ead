package dev.metacircular.ports.engine.spi;

import dev.metacircular.ports.error.DomainException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
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

  /**
   * One answer per item, in order: {@code answer} of a valid item, or {@code refused} of the
   * message that refused it — when its door could not read it, or when {@code answer} threw a
   * {@code DomainException}. A refused item never fails the batch.
   */
  static <T extends Record, R> List<R> answerEach(
      List<BatchItem<T>> items, Function<T, R> answer, Function<String, R> refused) {
    List<R> results = new ArrayList<>(items.size());
    for (BatchItem<T> item : items) {
      if (item instanceof Refused<T> bad) {
        results.add(refused.apply(bad.reason()));
        continue;
      }
      try {
        results.add(answer.apply(((Valid<T>) item).value()));
      } catch (DomainException e) {
        results.add(refused.apply(e.getMessage()));
      }
    }
    return results;
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
