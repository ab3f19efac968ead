package dev.metacircular.ports.transit.in;

import java.util.List;

/** {@code batch-decrypt}: one result per item, in order. */
public record BatchDecrypted(List<Result> results) {
  public BatchDecrypted {
    results = List.copyOf(results);
  }

  /** An item's plaintext, or the {@code error} that refused it. */
  public record Result(byte[] plaintext, String error) {
    public static Result of(byte[] plaintext) {
      return new Result(plaintext, null);
    }

    public static Result refused(String error) {
      return new Result(null, error);
    }

    @Override
    public String toString() {
      return error != null ? "Result[error=" + error + "]" : "Result[plaintext]";
    }
  }
}
