package dev.metacircular.rest.acmeclient;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How an {@link AcmeClient} reaches its CA.
 *
 * @param directory the directory URL ({@code https://host:port/acme/{mount}/{role}/directory})
 * @param caCert PEM file of the CA certificate(s) to trust for the ACME server's own TLS
 *     certificate, or null for the JDK's trust store
 * @param eabKid the external account binding's key id (RFC 8555 §7.3.4), or null for none
 * @param eabKey reads the binding's HMAC key (raw bytes, the caller's array, wiped after use);
 *     asked only when a new account is created, so a renewal needs no binding key any more
 * @param accountKeyFile where the account key (ES256, PEM, mode 0600) is kept; created on first use
 *     and reused by every later order, so renewals stay on one account
 * @param http01Listen where the HTTP-01 responder listens while an order is being validated
 * @param timeout the longest one certificate may take, from the directory to the download
 */
public record AcmeClientSettings(
    URI directory,
    Path caCert,
    String eabKid,
    Supplier<byte[]> eabKey,
    Path accountKeyFile,
    InetSocketAddress http01Listen,
    Duration timeout) {

  /** What {@code timeout} is when a server does not say otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public AcmeClientSettings {
    Objects.requireNonNull(directory, "directory");
    if (!"https".equalsIgnoreCase(directory.getScheme()) || directory.getHost() == null) {
      throw new IllegalArgumentException(
          "the ACME directory must be an https:// URL with a host (RFC 8555 §6.1), got "
              + directory);
    }
    if ((eabKid == null) != (eabKey == null)) {
      throw new IllegalArgumentException("an external account binding needs both a kid and a key");
    }
    Objects.requireNonNull(accountKeyFile, "accountKeyFile");
    Objects.requireNonNull(http01Listen, "http01Listen");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive");
    }
  }

  @Override
  public String toString() {
    return "AcmeClientSettings[directory="
        + directory
        + ", eabKid="
        + eabKid
        + ", accountKeyFile="
        + accountKeyFile
        + ", http01Listen="
        + http01Listen
        + ", timeout="
        + timeout
        + "]";
  }
}
