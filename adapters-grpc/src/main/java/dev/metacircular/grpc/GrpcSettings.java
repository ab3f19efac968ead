package dev.metacircular.grpc;

import io.grpc.ServerInterceptor;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Where and how a gRPC server listens: always TLS (1.2 or 1.3), on the same certificate and key as
 * the service's HTTPS API.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port, or 0 for an ephemeral one (read it back from the server)
 * @param keyStore one private key entry with its certificate chain
 * @param keyStorePassword the key store's password; the caller owns it and may wipe it once the
 *     server has started
 * @param maxMessageBytes the largest inbound message accepted; larger ones are refused with
 *     RESOURCE_EXHAUSTED before they are parsed
 * @param liveKeys when not null, what every TLS handshake asks for the certificate and key instead
 *     of the key store: a key manager whose material changes at run time serves a renewed
 *     certificate without a restart
 * @param observers interceptors that watch every call from the outside (metrics), around the door's
 *     own; they see every call, refused ones included, and must not change them
 */
public record GrpcSettings(
    String host,
    int port,
    KeyStore keyStore,
    char[] keyStorePassword,
    int maxMessageBytes,
    X509ExtendedKeyManager liveKeys,
    List<ServerInterceptor> observers) {
  /** The default inbound message limit: the REST body limit (64 KiB). */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

  public GrpcSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(keyStorePassword, "keyStorePassword");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be positive");
    }
    observers = observers == null ? List.of() : List.copyOf(observers);
  }

  /** Settings without live keys or observers. */
  public GrpcSettings(
      String host, int port, KeyStore keyStore, char[] keyStorePassword, int maxMessageBytes) {
    this(host, port, keyStore, keyStorePassword, maxMessageBytes, null, List.of());
  }

  /** The same settings with {@code observer} watching every call as well. */
  public GrpcSettings withObserver(ServerInterceptor observer) {
    List<ServerInterceptor> more = new ArrayList<>(observers);
    more.add(Objects.requireNonNull(observer, "observer"));
    return new GrpcSettings(
        host, port, keyStore, keyStorePassword, maxMessageBytes, liveKeys, more);
  }

  /** Settings with the default message limit (64 KiB). */
  public static GrpcSettings of(String host, int port, KeyStore keyStore, char[] password) {
    return new GrpcSettings(host, port, keyStore, password, DEFAULT_MAX_MESSAGE_BYTES, null, null);
  }

  /** The same settings, the handshakes asking {@code keys} for the certificate and key. */
  public GrpcSettings withLiveKeys(X509ExtendedKeyManager keys) {
    return new GrpcSettings(
        host, port, keyStore, keyStorePassword, maxMessageBytes, keys, observers);
  }

  @Override
  public String toString() {
    return "GrpcSettings[host=" + host + ", port=" + port + ", keyStorePassword=redacted]";
  }
}
