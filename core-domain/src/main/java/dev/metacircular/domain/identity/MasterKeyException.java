package dev.metacircular.domain.identity;

/**
 * The master key cannot open this database (wrong passphrase or key file, or unreadable key
 * settings). The message is meant for the operator and never contains key material.
 */
public final class MasterKeyException extends RuntimeException {

  public MasterKeyException(String message) {
    super(message, null, false, false);
  }
}
