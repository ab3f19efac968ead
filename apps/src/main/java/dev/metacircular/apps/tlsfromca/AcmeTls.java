package dev.metacircular.apps.tlsfromca;

import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.ListenAddress;
import dev.metacircular.apps.config.SecretFile;
import dev.metacircular.apps.config.TlsIssuing;
import dev.metacircular.ports.client.out.CertificateSource;
import dev.metacircular.rest.acmeclient.AcmeClient;
import dev.metacircular.rest.acmeclient.AcmeClientSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

/**
 * {@code [tls] acme_directory}: the server's certificate through ACME (adapters-rest {@code
 * AcmeClient}). The account key is kept beside the certificate ({@value #ACCOUNT_KEY_FILE}, mode
 * 0600), so every renewal runs on the account the first order created; the EAB key file is read
 * only when that account is created, and its bytes are wiped once the binding is signed.
 */
final class AcmeTls {
  /** The account key's file name, in the directory of {@code tls_cert}. */
  static final String ACCOUNT_KEY_FILE = "acme-account.key";

  private AcmeTls() {}

  static CertificateSource source(TlsIssuing tls, Path certFile) {
    TlsIssuing.Acme acme = tls.acme();
    Path eabKeyFile = acme.eabKeyFile();
    return AcmeClient.of(
        new AcmeClientSettings(
            acme.directory(),
            tls.caCert(),
            acme.eabKid(),
            eabKeyFile == null ? null : () -> eabKey(eabKeyFile),
            certFile.toAbsolutePath().getParent().resolve(ACCOUNT_KEY_FILE),
            socketAddress(acme.http01Listen()),
            AcmeClientSettings.DEFAULT_TIMEOUT));
  }

  /** The HMAC key in {@code acme_eab_key_file} (base64url text, mode 0600), as bytes. */
  static byte[] eabKey(Path file) {
    char[] text = SecretFile.readText("tls.acme_eab_key_file", file);
    byte[] ascii = new byte[text.length];
    for (int i = 0; i < text.length; i++) {
      ascii[i] = (byte) text[i];
    }
    Arrays.fill(text, '\0');
    try {
      return Base64.getUrlDecoder().decode(ascii);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "config: tls.acme_eab_key_file "
              + file
              + " does not hold a base64url key (the hmac_key create-eab answered)");
    } finally {
      Arrays.fill(ascii, (byte) 0);
    }
  }

  /** {@code :80} (every interface) binds the wildcard, IPv6 included; a host binds that host. */
  static InetSocketAddress socketAddress(ListenAddress listen) {
    return listen.host().equals("0.0.0.0")
        ? new InetSocketAddress(listen.port())
        : new InetSocketAddress(listen.host(), listen.port());
  }
}
