package dev.metacircular.apps.config;

/**
 * A configuration the service cannot start with. The message is one line an operator can act on
 * ({@code config: server.tls_cert is required}); it never carries a secret value.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
