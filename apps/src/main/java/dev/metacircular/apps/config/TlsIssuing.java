package dev.metacircular.apps.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code [tls]}: the server takes its TLS certificate from a crypto service's CA, through its REST
 * {@code issue} operation with a service token ({@code issue_url}), or through ACME with external
 * account binding ({@code acme_directory}, see {@link Acme}), instead of files an operator
 * provides. The certificate and key are written to {@code [server] tls_cert} / {@code tls_key} (by
 * default {@code tls/server.crt} and {@code tls/server.key} beside the database; the key with mode
 * 0600), so a restart while the CA is unreachable still serves the last good certificate, and
 * renewed at two thirds of their life without a restart.
 *
 * @param issueUrl the crypto service's base URL ({@code issue_url}, {@code https://host:port}), or
 *     null with ACME
 * @param caCert PEM file to trust for that call ({@code ca_cert}), or null for the JDK's trust
 *     store
 * @param mount the {@code ca} mount ({@code mount}, default {@code pki}; null with ACME)
 * @param role the role to issue under ({@code role}; null with ACME: the directory is the role's)
 * @param commonName the certificate's CN ({@code common_name}, a DNS name)
 * @param altNames more DNS names ({@code alt_names})
 * @param ipSans IP addresses ({@code ip_sans})
 * @param ttl the lifetime asked for ({@code ttl}, e.g. {@code 720h}), or null for the role's
 * @param tokenFile the file holding a service token for the crypto service ({@code token_file},
 *     mode 0600; read at every issuance, so a rotated token is picked up; null with ACME)
 * @param acme the ACME keys when {@code acme_directory} is set, else null
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
    Path tokenFile,
    Acme acme) {

  /** The mount asked when {@code mount} is not set: dev mode's CA. */
  public static final String DEFAULT_MOUNT = "pki";

  private static final Pattern TTL = Pattern.compile("(?:[0-9]{1,9}[dhms])+");

  /** Where the HTTP-01 responder listens when {@code acme_http01_listen} is not set. */
  public static final String DEFAULT_HTTP01_LISTEN = ":80";

  public TlsIssuing {
    if (acme == null) {
      Objects.requireNonNull(issueUrl, "issueUrl");
      Objects.requireNonNull(mount, "mount");
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(tokenFile, "tokenFile");
    } else if (issueUrl != null || tokenFile != null) {
      throw new IllegalArgumentException("acme_directory and issue_url are exclusive");
    }
    Objects.requireNonNull(commonName, "commonName");
    altNames = altNames == null ? List.of() : List.copyOf(altNames);
    ipSans = ipSans == null ? List.of() : List.copyOf(ipSans);
  }

  /**
   * The ACME path: the certificate from a {@code ca} mount's ACME directory, the account bound with
   * EAB credentials from {@code create-eab}, validated by HTTP-01 through a responder open only
   * while an order is being validated. The account key is kept beside the certificate ({@code
   * acme-account.key}, mode 0600) so renewals reuse the account.
   *
   * @param directory {@code acme_directory}: {@code
   *     https://host:port/acme/{mount}/{role}/directory}
   * @param eabKid {@code acme_eab_kid}, or null when the directory does not require EAB
   * @param eabKeyFile {@code acme_eab_key_file}: the base64url HMAC key, mode 0600; read only when
   *     the account is created
   * @param http01Listen {@code acme_http01_listen} (default {@code :80})
   */
  public record Acme(URI directory, String eabKid, Path eabKeyFile, ListenAddress http01Listen) {
    public Acme {
      Objects.requireNonNull(directory, "directory");
      if ((eabKid == null) != (eabKeyFile == null)) {
        throw new IllegalArgumentException("acme_eab_kid and acme_eab_key_file go together");
      }
      Objects.requireNonNull(http01Listen, "http01Listen");
    }
  }

  /** What the certificate comes from, for messages: the issue URL or the ACME directory. */
  public String source() {
    return acme == null
        ? issueUrl + " (mount " + mount + ", role " + role + ")"
        : acme.directory().toString();
  }

  /**
   * {@code [tls]} read, or null when the table is absent or has no key set. Problems are added to
   * {@code problems} with the key's name.
   */
  public static TlsIssuing read(TlsSection raw, List<String> problems) {
    if (!present(raw)) {
      return null;
    }
    if (!TomlConfigReader.isBlank(raw.acmeDirectory())) {
      return readAcme(raw, problems);
    }
    int before = problems.size();
    for (String[] key :
        new String[][] {
          {"tls.acme_eab_kid", raw.acmeEabKid()},
          {"tls.acme_eab_key_file", raw.acmeEabKeyFile()},
          {"tls.acme_http01_listen", raw.acmeHttp01Listen()}
        }) {
      if (key[1] != null) {
        problems.add(key[0] + " applies to tls.acme_directory only, which is not set");
      }
    }
    URI url = null;
    if (TomlConfigReader.isBlank(raw.issueUrl())) {
      problems.add(
          "tls.issue_url is required in [tls] (the crypto service's https:// URL; or"
              + " tls.acme_directory for ACME)");
    } else {
      url = httpsUrl("tls.issue_url", raw.issueUrl(), problems);
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
        caCert(raw),
        TomlConfigReader.isBlank(raw.mount()) ? DEFAULT_MOUNT : raw.mount().trim(),
        raw.role().trim(),
        raw.commonName().trim(),
        trimmed(raw.altNames()),
        trimmed(raw.ipSans()),
        raw.ttl() == null ? null : raw.ttl().trim(),
        Path.of(raw.tokenFile().trim()),
        null);
  }

  /** {@code [tls]} with {@code acme_directory}: the keys of the REST path do not apply. */
  private static TlsIssuing readAcme(TlsSection raw, List<String> problems) {
    int before = problems.size();
    if (raw.issueUrl() != null) {
      problems.add(
          "tls.acme_directory and tls.issue_url are exclusive: set one (ACME with EAB, or the REST"
              + " issue operation with a service token)");
    }
    for (String[] key :
        new String[][] {
          {"tls.role", raw.role(), "the directory URL names the role"},
          {"tls.mount", raw.mount(), "the directory URL names the mount"},
          {"tls.token_file", raw.tokenFile(), "ACME authenticates with EAB, not a token"},
          {"tls.ttl", raw.ttl(), "with ACME the certificate lives as long as the role's ttl"}
        }) {
      if (key[1] != null) {
        problems.add(key[0] + " does not apply with tls.acme_directory (" + key[2] + ")");
      }
    }
    URI directory = httpsUrl("tls.acme_directory", raw.acmeDirectory(), problems);
    requireSet("tls.common_name", raw.commonName(), problems);
    boolean kid = !TomlConfigReader.isBlank(raw.acmeEabKid());
    boolean keyFile = !TomlConfigReader.isBlank(raw.acmeEabKeyFile());
    if (kid != keyFile) {
      problems.add(
          "tls.acme_eab_kid and tls.acme_eab_key_file go together (the key id and the file holding"
              + " the base64url HMAC key from create-eab)");
    }
    ListenAddress http01 = null;
    String listen =
        raw.acmeHttp01Listen() == null ? DEFAULT_HTTP01_LISTEN : raw.acmeHttp01Listen().trim();
    try {
      http01 = ListenAddress.parse(listen);
    } catch (IllegalArgumentException e) {
      problems.add(
          "tls.acme_http01_listen must be host:port (e.g. \":80\"), got \""
              + TomlConfigReader.shorten(listen)
              + "\"");
    }
    if (problems.size() > before) {
      return null;
    }
    return new TlsIssuing(
        null,
        caCert(raw),
        null,
        null,
        raw.commonName().trim(),
        trimmed(raw.altNames()),
        trimmed(raw.ipSans()),
        null,
        null,
        new Acme(
            directory,
            kid ? raw.acmeEabKid().trim() : null,
            keyFile ? Path.of(raw.acmeEabKeyFile().trim()) : null,
            http01));
  }

  private static URI httpsUrl(String key, String text, List<String> problems) {
    try {
      URI url = new URI(text.trim());
      if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
        problems.add(key + " must be an https:// URL with a host");
      }
      return url;
    } catch (URISyntaxException e) {
      problems.add(key + " is not a URL: " + TomlConfigReader.shorten(text));
      return null;
    }
  }

  private static Path caCert(TlsSection raw) {
    return TomlConfigReader.isBlank(raw.caCert()) ? null : Path.of(raw.caCert().trim());
  }

  private static List<String> trimmed(List<String> values) {
    return values == null ? List.of() : values.stream().map(String::trim).toList();
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
        && raw.tokenFile() == null
        && raw.acmeDirectory() == null
        && raw.acmeEabKid() == null
        && raw.acmeEabKeyFile() == null
        && raw.acmeHttp01Listen() == null;
  }
}
