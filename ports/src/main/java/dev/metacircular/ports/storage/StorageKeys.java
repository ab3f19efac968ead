package dev.metacircular.ports.storage;

/**
 * The rules of a key in {@code PhysicalStorage} (and in every {@link StorageWrite}): 1-{@value
 * #MAX_LENGTH} characters, {@code /}-separated, with no control characters and no unpaired
 * surrogates (SQLite would store one as {@code ?}, so two keys could alias). An invalid key is an
 * {@code IllegalArgumentException}: a programming error, never user input.
 */
public final class StorageKeys {

  public static final int MAX_LENGTH = 1024;

  private StorageKeys() {}

  /** Checks a key against the rules above and returns it. */
  public static String requireValid(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("storage key must be 1-" + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("storage key must not contain control characters");
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == key.length() || !Character.isLowSurrogate(key.charAt(i + 1)))) {
        throw new IllegalArgumentException("storage key must not contain unpaired surrogates");
      }
      if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(key.charAt(i - 1)))) {
        throw new IllegalArgumentException("storage key must not contain unpaired surrogates");
      }
    }
    return key;
  }
}
