package dev.metacircular.apps.routecerts;

import dev.metacircular.apps.config.TlsIssuing;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.Ttl;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The agent's {@code [certificates]} table: where the certificates of {@code l7} routes come from,
 * a crypto service's CA through its REST {@code issue} operation with a service token.
 *
 * @param issueUrl the crypto service's base URL ({@code issue_url}, {@code https://host:port})
 * @param caCert PEM file to trust for that call ({@code ca_cert}), or null for the JDK's trust
 *     store
 * @param mount the {@code ca} mount ({@code mount}, default {@code pki})
 * @param role the role the hostnames are issued under ({@code role}); its allowed domains decide
 *     which hostnames a definition may use
 * @param tokenFile a service token for the crypto service ({@code token_file}, mode 0600, read at
 *     every issuance)
 * @param ttl the lifetime asked for ({@code ttl}, e.g. {@code 720h}), or null for the role's
 */
public record RouteCertificatesConfig(
    URI issueUrl, Path caCert, String mount, String role, Path tokenFile, String ttl) {

  /** The TOML table as written; every key optional, so an absent table is all nulls. */
  public record Section(
      String issueUrl, String caCert, String mount, String role, String tokenFile, String ttl) {}

  public RouteCertificatesConfig {
    Objects.requireNonNull(issueUrl, "issueUrl");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(tokenFile, "tokenFile");
  }

  /**
   * {@code [certificates]} read, or null when the table is absent or sets no key (l7 routes then
   * get no certificate). Problems are added to {@code problems} with the key's name.
   */
  public static RouteCertificatesConfig read(Section raw, List<String> problems) {
    if (raw == null
        || (raw.issueUrl() == null
            && raw.caCert() == null
            && raw.mount() == null
            && raw.role() == null
            && raw.tokenFile() == null
            && raw.ttl() == null)) {
      return null;
    }
    int before = problems.size();
    URI url = null;
    if (blank(raw.issueUrl())) {
      problems.add(
          "certificates.issue_url is required in [certificates] (the crypto service's https://"
              + " URL)");
    } else {
      try {
        url = new URI(raw.issueUrl().trim());
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
          problems.add("certificates.issue_url must be an https:// URL with a host");
        }
      } catch (URISyntaxException e) {
        problems.add("certificates.issue_url is not a URL");
      }
    }
    if (blank(raw.role())) {
      problems.add("certificates.role is required in [certificates] (the CA role to issue under)");
    }
    if (blank(raw.tokenFile())) {
      problems.add(
          "certificates.token_file is required in [certificates] (a service token, mode 0600)");
    }
    if (raw.ttl() != null) {
      try {
        Ttl.parse("certificates.ttl", raw.ttl().trim());
      } catch (DomainException.InvalidInput e) {
        problems.add(e.getMessage());
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new RouteCertificatesConfig(
        url,
        blank(raw.caCert()) ? null : Path.of(raw.caCert().trim()),
        blank(raw.mount()) ? TlsIssuing.DEFAULT_MOUNT : raw.mount().trim(),
        raw.role().trim(),
        Path.of(raw.tokenFile().trim()),
        raw.ttl() == null ? null : raw.ttl().trim());
  }

  /** The issuance of one hostname's certificate: its common name and only DNS name. */
  TlsIssuing forHostname(String hostname) {
    return new TlsIssuing(
        issueUrl, caCert, mount, role, hostname, List.of(), List.of(), ttl, tokenFile, null);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
