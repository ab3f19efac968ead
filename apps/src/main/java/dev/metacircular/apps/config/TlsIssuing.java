package dev.metacircular.apps.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code [tls]}: the server takes its TLS certificate from a crypto service's CA, through its REST
 * {@code issue} operation with a service token, instead of files an operator provides. The
 * certificate and key are written to {@code [server] tls_cert} / {@code tls_key} (by default {@code
 * tls/server.crt} and {@code tls/server.key} beside the database; the key with mode 0600), so a
 * restart while the CA is unreachable still serves the last good certificate, and renewed at two
 * thirds of their life without a restart.
 *
 * @param issueUrl the crypto service's base URL ({@code issue_url}, {@code https://host:port})
 * @param caCert PEM file to trust for that call ({@code ca_cert}), or null for the JDK's trust
 *     store
 * @param mount the {@code ca} mount ({@code mount}, default {@code pki})
 * @param role the role to issue under ({@code role})
 * @param commonName the certificate's CN ({@code common_name}, a DNS name)
 * @param altNames more DNS names ({@code alt_names})
 * @param ipSans IP addresses ({@code ip_sans})
 * @param ttl the lifetime asked for ({@code ttl}, e.g. {@code 720h}), or null for the role's
 * @param tokenFile the file holding a service token for the crypto service ({@code token_file},
 *     mode 0600; read at every issuance, so a rotated token is picked up)
 */
public record TlsIssuing(
    URI issueUrl,
    Path caCert,
    String mount,
    String role,
    String commonName,
    List<String> altNames,
    List<String> ipSans,
    String ttl,
    Path tokenFile) {

  /** The mount asked when {@code mount} is not set: dev mode's CA. */
  public static final String DEFAULT_MOUNT = "pki";

  private static final Pattern TTL = Pattern.compile("(?:[0-9]{1,9}[dhms])+");

  public TlsIssuing {
    Objects.requireNonNull(issueUrl, "issueUrl");
    Objects.requireNonNull(mount, "mount");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(commonName, "commonName");
    altNames = altNames == null ? List.of() : List.copyOf(altNames);
    ipSans = ipSans == null ? List.of() : List.copyOf(ipSans);
    Objects.requireNonNull(tokenFile, "tokenFile");
  }

  /**
   * {@code [tls]} read, or null when the table is absent or has no key set. Problems are added to
   * {@code problems} with the key's name.
   */
  static TlsIssuing read(TlsSection raw, List<String> problems) {
    if (!present(raw)) {
      return null;
    }
    int before = problems.size();
    URI url = null;
    if (TomlConfigReader.isBlank(raw.issueUrl())) {
      problems.add("tls.issue_url is required in [tls] (the crypto service's https:// URL)");
    } else {
      try {
        url = new URI(raw.issueUrl().trim());
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
          problems.add("tls.issue_url must be an https:// URL with a host");
        }
      } catch (URISyntaxException e) {
        problems.add("tls.issue_url is not a URL: " + TomlConfigReader.shorten(raw.issueUrl()));
      }
    }
    requireSet("tls.role", raw.role(), problems);
    requireSet("tls.common_name", raw.commonName(), problems);
    requireSet("tls.token_file", raw.tokenFile(), problems);
    if (raw.ttl() != null && !TTL.matcher(raw.ttl().trim()).matches()) {
      problems.add("tls.ttl must be a duration such as \"720h\", \"30d\" or \"1h30m\"");
    }
    if (problems.size() > before) {
      return null;
    }
    return new TlsIssuing(
        url,
        TomlConfigReader.isBlank(raw.caCert()) ? null : Path.of(raw.caCert().trim()),
        TomlConfigReader.isBlank(raw.mount()) ? DEFAULT_MOUNT : raw.mount().trim(),
        raw.role().trim(),
        raw.commonName().trim(),
        raw.altNames() == null ? List.of() : raw.altNames().stream().map(String::trim).toList(),
        raw.ipSans() == null ? List.of() : raw.ipSans().stream().map(String::trim).toList(),
        raw.ttl() == null ? null : raw.ttl().trim(),
        Path.of(raw.tokenFile().trim()));
  }

  /**
   * {@code [server] tls_cert} or {@code tls_key}: required without {@code [tls]}; with it, where
   * the issued file goes, by default {@code tls/<name>} beside the database.
   */
  static Path serverFile(
      String key,
      String value,
      TlsSection tls,
      String database,
      String name,
      List<String> problems) {
    if (!present(tls) || !TomlConfigReader.isBlank(value)) {
      return TomlConfigReader.requiredPath(key, value, problems);
    }
    if (TomlConfigReader.isBlank(database)) {
      return Path.of("tls", name); // database.path's own problem is reported
    }
    Path dir = Path.of(database.trim()).toAbsolutePath().getParent();
    return dir.resolve("tls").resolve(name);
  }

  /** Whether {@code [tls]} sets any key. */
  static boolean present(TlsSection raw) {
    return raw != null && !isEmpty(raw);
  }

  private static void requireSet(String key, String value, List<String> problems) {
    if (TomlConfigReader.isBlank(value)) {
      problems.add(key + " is required in [tls]");
    }
  }

  private static boolean isEmpty(TlsSection raw) {
    return raw.issueUrl() == null
        && raw.caCert() == null
        && raw.mount() == null
        && raw.role() == null
        && raw.commonName() == null
        && raw.altNames() == null
        && raw.ipSans() == null
        && raw.ttl() == null
        && raw.tokenFile() == null;
  }
}
