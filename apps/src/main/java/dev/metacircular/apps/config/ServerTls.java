package dev.metacircular.apps.config;

import dev.metacircular.apps.tls.ReloadingTlsKeys;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.grpc.GrpcSettings;
import dev.metacircular.rest.RestSettings;
import dev.metacircular.rest.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;

/** A server's TLS listener settings from its configured PEM certificate and key. */
public final class ServerTls {

  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private ServerTls() {}

  /**
   * Reads the PEM files into an in-memory key store. The key store never touches disk, so its
   * password protects nothing there; it is random per start so no constant password exists. The
   * listeners' handshakes read the files again when they change ({@link ReloadingTlsKeys}), so a
   * renewed certificate is served without a restart.
   *
   * @throws ConfigException naming the setting and the file when either is missing or unusable
   */
  public static RestSettings restSettings(ListenAddress listen, Path tlsCert, Path tlsKey) {
    if (!Files.isReadable(tlsCert)) {
      throw new ConfigException(
          "config: server.tls_cert " + tlsCert + " does not exist or is not readable");
    }
    if (!Files.isReadable(tlsKey)) {
      throw new ConfigException(
          "config: server.tls_key " + tlsKey + " does not exist or is not readable");
    }
    char[] storePassword = randomPassword();
    KeyStore keyStore;
    try {
      keyStore = TlsCertificates.keyStoreFromPem(tlsCert, tlsKey, storePassword);
    } catch (IllegalArgumentException e) {
      // Its messages name the setting and the file ("tls_key: private key in ... does not match").
      throw new ConfigException("config: server." + e.getMessage(), e);
    }
    return RestSettings.of(
        listen.host(),
        listen.port(),
        new TlsSettings(keyStore, storePassword, ReloadingTlsKeys.load(tlsCert, tlsKey)));
  }

  /**
   * The gRPC listener on the same TLS material as the REST one ({@code rest}'s key store and
   * password), or null when {@code grpcListen} is null (no gRPC server configured).
   */
  public static GrpcSettings grpcSettings(ListenAddress grpcListen, RestSettings rest) {
    if (grpcListen == null) {
      return null;
    }
    return GrpcSettings.of(
            grpcListen.host(),
            grpcListen.port(),
            rest.tls().keyStore(),
            rest.tls().keyStorePassword())
        .withLiveKeys(rest.tls().liveKeys());
  }

  private static char[] randomPassword() {
    byte[] random = SecureRandoms.bytes(24);
    char[] out = new char[random.length];
    for (int i = 0; i < random.length; i++) {
      out[i] = ALPHABET.charAt((random[i] & 0xff) % ALPHABET.length());
    }
    Arrays.fill(random, (byte) 0);
    return out;
  }
}
