package dev.metacircular.apps.tlsfromca;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.metacircular.apps.config.ConfigException;
import dev.metacircular.apps.config.SecretFile;
import dev.metacircular.apps.config.TlsIssuing;
import dev.metacircular.apps.service.BeforeListening;
import dev.metacircular.apps.service.Lifecycle;
import dev.metacircular.apps.tls.CertificateRenewer;
import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.CertificateNames;
import dev.metacircular.ports.client.out.CertificateSource;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.Issue;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.Ttl;
import dev.metacircular.rest.client.RestCryptoClient;
import dev.metacircular.rest.client.RestEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A server's TLS certificate from a crypto service's CA ({@code [tls]} in its configuration): the
 * REST {@code issue} operation, authenticated by the service token in {@code token_file}, or ACME
 * with EAB ({@code acme_directory}, {@link AcmeTls}) writes the server's {@code tls_cert} / {@code
 * tls_key}; a {@link CertificateRenewer} renews them at two thirds of their life while the server
 * runs. Both paths are a {@link CertificateSource}.
 */
public final class CaIssuedTls {

  private CaIssuedTls() {}

  /**
   * For a server about to start: without {@code [tls]}, nothing. With it, the certificate is issued
   * now when its files are missing (a server cannot listen without one; a CA that cannot answer
   * stops the start with its reason), and the returned module starts the renewer once the core is
   * open and stops it with the server. Files already there are served as they are, even when the CA
   * is unreachable: the renewer replaces them when they are due.
   */
  public static List<Module> prepare(TlsIssuing tls, Path certFile, Path keyFile, Clock clock) {
    if (tls == null) {
      return List.of();
    }
    return List.of(new RenewerModule(ready(tls, certFile, keyFile, clock)));
  }

  /**
   * The same for a server that is not composed with Guice (the control plane's agent and master):
   * the certificate issued now when its files are missing, and the renewer started; null without
   * {@code [tls]}. The caller closes the renewer with the server.
   */
  public static CertificateRenewer renewing(
      TlsIssuing tls, Path certFile, Path keyFile, Clock clock) {
    return tls == null ? null : ready(tls, certFile, keyFile, clock).start();
  }

  /**
   * Starts a server that is not composed with Guice with {@link #renewing}'s renewer (null without
   * {@code [tls]}) handed to {@code start}; a start that fails closes the renewer, so a refused
   * start leaves no renewal thread behind.
   */
  public static <T> T startRenewing(
      TlsIssuing tls,
      Path certFile,
      Path keyFile,
      Clock clock,
      java.util.function.Function<CertificateRenewer, T> start) {
    CertificateRenewer renewer = renewing(tls, certFile, keyFile, clock);
    try {
      return start.apply(renewer);
    } catch (RuntimeException e) {
      if (renewer != null) {
        renewer.close();
      }
      throw e;
    }
  }

  /** A renewer over the files, after issuing them when they are missing. */
  private static CertificateRenewer ready(
      TlsIssuing tls, Path certFile, Path keyFile, Clock clock) {
    Supplier<IssuedCertificate> issuer = issuer(tls, certFile);
    CertificateRenewer renewer = new CertificateRenewer("server", issuer, certFile, keyFile, clock);
    if (!renewer.present()) {
      try (CertificateRenewer once =
          new CertificateRenewer("server", issuer, certFile, keyFile, clock)) {
        Files.createDirectories(certFile.toAbsolutePath().getParent());
        once.renewNow();
      } catch (java.io.IOException e) {
        renewer.close();
        throw new ConfigException("config: cannot create the directory of " + certFile, e);
      } catch (RuntimeException e) {
        renewer.close();
        throw new ConfigException(
            "tls: no certificate from " + tls.source() + ": " + e.getMessage(), e);
      }
    }
    return renewer;
  }

  /** One certificate per call, for the names in {@code [tls]}, from the path it configures. */
  static Supplier<IssuedCertificate> issuer(TlsIssuing tls, Path certFile) {
    CertificateSource source = tls.acme() != null ? AcmeTls.source(tls, certFile) : restIssue(tls);
    CertificateNames names = new CertificateNames(tls.commonName(), tls.altNames(), tls.ipSans());
    return () -> source.obtain(names);
  }

  /** One {@code issue} call per certificate, with the token as the file holds it now. */
  static CertificateSource restIssue(TlsIssuing tls) {
    return restIssue(tls, "tls.token_file");
  }

  /**
   * The REST path for another configuration table ({@code [certificates]} of the control plane's
   * agent): {@code tokenFileKey} names its token file in messages.
   */
  public static Supplier<IssuedCertificate> restIssuer(TlsIssuing tls, String tokenFileKey) {
    CertificateSource source = restIssue(tls, tokenFileKey);
    CertificateNames names = new CertificateNames(tls.commonName(), tls.altNames(), tls.ipSans());
    return () -> source.obtain(names);
  }

  private static CertificateSource restIssue(TlsIssuing tls, String tokenFileKey) {
    Ttl ttl = tls.ttl() == null ? null : Ttl.parse("tls.ttl", tls.ttl());
    return names -> {
      // The names asked for, as the port says (the ACME source does the same), not [tls]'s.
      Issue request =
          new Issue(
              tls.role(), names.commonName(), names.altNames(), names.ipSans(), List.of(), ttl);
      BearerToken token = new BearerToken();
      char[] text = SecretFile.readText(tokenFileKey, tls.tokenFile());
      try {
        token.set(new String(text));
      } finally {
        Arrays.fill(text, '\0');
      }
      try {
        return new RestCryptoClient(RestEndpoint.of(tls.issueUrl(), tls.caCert(), token))
            .run(tls.mount(), PkiOperations.ISSUE, request);
      } catch (DomainException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } finally {
        token.clear();
      }
    };
  }

  /** Starts the renewer before the doors open; the server's lifecycle stops it. */
  private static final class RenewerModule extends AbstractModule {
    private final CertificateRenewer renewer;

    RenewerModule(CertificateRenewer renewer) {
      this.renewer = renewer;
    }

    @ProvidesIntoSet
    BeforeListening startRenewer(Lifecycle lifecycle) {
      return () -> lifecycle.closeLater(renewer).start();
    }
  }
}
