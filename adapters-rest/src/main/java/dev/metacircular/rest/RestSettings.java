package dev.metacircular.rest;

import java.util.Objects;

/**
 * Where and how an HTTPS API listens.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port, or 0 for an ephemeral one (read it back from the server)
 * @param tls the certificate and key; there is never a plain HTTP listener
 * @param maxBodyBytes the largest request body accepted; larger ones answer 413
 */
public record RestSettings(String host, int port, TlsSettings tls, int maxBodyBytes) {
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  public RestSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
  }

  /** Settings with the default body limit (64 KiB). */
  public static RestSettings of(String host, int port, TlsSettings tls) {
    return new RestSettings(host, port, tls, DEFAULT_MAX_BODY_BYTES);
  }
}
