package dev.metacircular.ports.storage;

/**
 * Why a store refused a write, in words an operator can act on: free space, or make the database
 * file (or its directory) writable again. Both clear by themselves once the cause is gone.
 */
public enum StorageProblem {
  FULL("storage full"),
  READ_ONLY("storage read-only");

  private final String message;

  StorageProblem(String message) {
    this.message = message;
  }

  /** The answer a client sees ({@code storage full}, {@code storage read-only}). */
  public String message() {
    return message;
  }
}
