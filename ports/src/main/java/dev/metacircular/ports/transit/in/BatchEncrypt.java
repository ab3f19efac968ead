package dev.metacircular.ports.transit.in;

import dev.metacircular.ports.engine.spi.BatchItem;
import dev.metacircular.ports.error.DomainException;
import java.util.List;

/** {@code batch-encrypt}: up to {@link #MAX_ITEMS} items under {@code key}, each answered alone. */
public record BatchEncrypt(String key, List<BatchItem<EncryptItem>> items) {

  /** Most items one batch request may carry. */
  public static final int MAX_ITEMS = 1000;

  public BatchEncrypt {
    TransitKeyName.require("key", key);
    items = List.copyOf(TransitKeyName.required("items", items));
    if (items.size() > MAX_ITEMS) {
      throw new DomainException.InvalidInput("items has more than " + MAX_ITEMS + " items");
    }
  }

  /** One item: {@code plaintext} and its optional {@code context}. */
  public record EncryptItem(byte[] plaintext, byte[] context) {
    public EncryptItem {
      TransitKeyName.required("plaintext", plaintext);
    }
  }
}
