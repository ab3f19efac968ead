package dev.metacircular.apps.dev;

import dev.metacircular.crypto.TlsCertificates;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.EabCredentials;
import dev.metacircular.ports.pki.in.FetchCa;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleName;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.ports.pki.in.Ttl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * For tests of servers that take their certificate over ACME: a {@code ca} mount on dev mode's
 * crypto service with ACME enabled and EAB required, HTTP-01 validated on {@code http01Port}, an
 * issuer and a role {@value #ROLE} for {@code localhost} whose certificates live 30 s (NotBefore
 * backdated 30 s: due for renewal 10 s after issuance).
 */
public final class AcmeTestCa {
  public static final String ROLE = "web";

  private final DevPlatform platform;
  private final String mount;

  private AcmeTestCa(DevPlatform platform, String mount) {
    this.platform = platform;
    this.mount = mount;
  }

  /** Mounts the CA on {@code platform}'s crypto service. */
  public static AcmeTestCa mount(DevPlatform platform, String mount, int http01Port) {
    var crypto = platform.cryptoCore();
    crypto
        .mounts()
        .mount(
            DevPlatform.CALLER,
            mount,
            PkiOperations.TYPE,
            Map.of(
                "root_common_name",
                "ACME Root",
                "root_key_type",
                "ec-p256",
                "acme",
                Map.of("enabled", true, "eab_required", true, "http01_port", http01Port)));
    crypto
        .operations()
        .run(
            DevPlatform.CALLER,
            mount,
            PkiOperations.CREATE_ISSUER,
            new CreateIssuer("infra", "ACME Infra", "ec-p256", null));
    crypto
        .operations()
        .run(
            DevPlatform.CALLER,
            mount,
            PkiOperations.CREATE_ROLE,
            RoleSettings.named(ROLE)
                .issuer("infra")
                .allowedDomains(List.of("test"))
                .allowSubdomains(true)
                .allowBareDomains(false)
                .allowWildcard(false)
                .allowLocalhost(true)
                .allowIpSans(false)
                .keyType("any")
                .ttl(Ttl.parse("ttl", "30s"))
                .maxTtl(Ttl.parse("max_ttl", "30s"))
                .build());
    return new AcmeTestCa(platform, mount);
  }

  /** The directory URL of the role. */
  public String directory() {
    return "https://127.0.0.1:"
        + platform.cryptoPort()
        + "/acme/"
        + mount
        + "/"
        + ROLE
        + "/directory";
  }

  /** Fresh EAB credentials, the HMAC key written to {@code keyFile} (base64url, mode 0600). */
  public EabCredentials eab(Path keyFile) throws IOException {
    EabCredentials eab =
        platform
            .cryptoCore()
            .operations()
            .run(DevPlatform.CALLER, mount, PkiOperations.CREATE_EAB, new RoleName(ROLE));
    Files.createFile(
        keyFile,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, eab.hmacKey().text() + "\n", StandardCharsets.US_ASCII);
    return eab;
  }

  /**
   * The mount's root certificate written to {@code file}: what a client of the served TLS trusts.
   */
  public Path writeRoot(Path file) throws IOException {
    Files.writeString(
        file,
        platform
            .cryptoCore()
            .operations()
            .runPublic(mount, PkiOperations.FETCH_CA, new FetchCa(null), "")
            .pem(),
        StandardCharsets.US_ASCII);
    return file;
  }

  /**
   * The chain a fresh TLS client is served when it connects to 127.0.0.1 for the name {@code
   * localhost} (the certificate has no IP SAN: ACME orders DNS names), trusting only {@code root};
   * gRPC listeners are asked for ALPN h2.
   */
  public static List<X509Certificate> served(Path root, int port, boolean grpc) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(TlsCertificates.trustStoreFromPem(root));
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    try (SSLSocket socket =
        (SSLSocket) ssl.getSocketFactory().createSocket(plain, "localhost", port, true)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (grpc) {
        parameters.setApplicationProtocols(new String[] {"h2"});
      }
      socket.setSSLParameters(parameters);
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return java.util.Arrays.stream(socket.getSession().getPeerCertificates())
          .map(c -> (X509Certificate) c)
          .toList();
    }
  }
}
