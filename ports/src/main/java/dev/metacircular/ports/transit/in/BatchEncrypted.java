package dev.metacircular.ports.transit.in;

import java.util.List;

/** {@code batch-encrypt}: one result per item, in order. */
public record BatchEncrypted(List<Result> results) {
  public BatchEncrypted {
    results = List.copyOf(results);
  }

  /** An item's ciphertext and key version, or the {@code error} that refused it. */
  public record Result(TransitValue ciphertext, Integer keyVersion, String error) {
    public static Result of(TransitValue ciphertext) {
      return new Result(ciphertext, ciphertext.version(), null);
    }

    public static Result refused(String error) {
      return new Result(null, null, error);
    }
  }
}
