package dev.metacircular.ports.transit.in;

import dev.metacircular.ports.engine.spi.BatchItem;
import dev.metacircular.ports.error.DomainException;
import java.util.List;

/** {@code batch-decrypt}: up to {@link #MAX_ITEMS} ciphertexts of {@code key}, each alone. */
public record BatchDecrypt(String key, List<BatchItem<DecryptItem>> items) {

  /** Most items one batch request may carry. */
  public static final int MAX_ITEMS = BatchEncrypt.MAX_ITEMS;

  public BatchDecrypt {
    TransitKeyName.require("key", key);
    items = List.copyOf(TransitKeyName.required("items", items));
    if (items.size() > MAX_ITEMS) {
      throw new DomainException.InvalidInput("items has more than " + MAX_ITEMS + " items");
    }
  }

  /** One item: {@code ciphertext} and the {@code context} given at encryption. */
  public record DecryptItem(TransitValue ciphertext, byte[] context) {
    public DecryptItem {
      TransitKeyName.required("ciphertext", ciphertext);
    }
  }
}
