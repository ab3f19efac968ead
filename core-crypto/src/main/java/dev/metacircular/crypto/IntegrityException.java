package dev.metacircular.crypto;

/**
 * A sealed value could not be opened: wrong key, wrong key id, tampered or truncated bytes, wrong
 * associated data or unknown format version. The message is always the same generic text and the
 * underlying JCA exception is never attached, so nothing about the key or the failure leaks.
 */
public final class IntegrityException extends RuntimeException {

  public IntegrityException() {
    super("integrity check failed", null, false, false);
  }
}
