package dev.metacircular.ports.ssh.in;

import dev.metacircular.ports.error.DomainException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A signing profile: what one kind of certificate may say. The request of {@code create-profile}
 * and {@code update-profile} (which replaces the whole profile) and the answer of both and of
 * {@code get-profile}; absent fields take the defaults below.
 *
 * @param name 1-64 characters of {@code A-Z a-z 0-9 . _ -}
 * @param certType {@code user} or {@code host}
 * @param allowedPrincipals what a certificate may name: a literal ({@code deploy}), a glob with
 *     {@code *} and {@code ?} ({@code *.example.com}), or a template with {@code {{username}}}, the
 *     caller's identity username ({@code {{username}}}, {@code {{username}}-admin})
 * @param defaultTtl the lifetime when {@code sign} names none (default 1h, or max_ttl if shorter)
 * @param maxTtl the longest lifetime (default 24h, or default_ttl if longer); a longer ask is
 *     capped
 * @param extensions user certificates only: the extensions granted, name → value (usually empty):
 *     {@code permit-pty}, {@code permit-port-forwarding}, {@code permit-agent-forwarding}, {@code
 *     permit-X11-forwarding}, {@code permit-user-rc}, or a custom {@code name@domain}; default none
 * @param criticalOptions user certificates only: {@code force-command} (a command) and {@code
 *     source-address} (comma-separated CIDR list); default none
 * @param allowedKeyTypes the kinds of key that may be certified: {@code ed25519}, {@code
 *     ecdsa-p256}, {@code ecdsa-p384}, {@code ecdsa-p521}, {@code rsa}; default all
 * @param minRsaBits the smallest RSA key certified (default 2048, at least 2048)
 * @param allowUserKeyIds whether {@code sign} may set the key id (default false: the key id is
 *     always {@code <username>-<serial>})
 */
public record SshProfile(
    String name,
    String certType,
    List<String> allowedPrincipals,
    SshTtl defaultTtl,
    SshTtl maxTtl,
    Map<String, String> extensions,
    Map<String, String> criticalOptions,
    List<String> allowedKeyTypes,
    Integer minRsaBits,
    Boolean allowUserKeyIds) {

  /** Every key kind, in the order answers list them. */
  public static final List<String> KEY_TYPES =
      List.of("ed25519", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa");

  /** The extensions OpenSSH defines for user certificates. */
  public static final Set<String> STANDARD_EXTENSIONS =
      Set.of(
          "permit-X11-forwarding",
          "permit-agent-forwarding",
          "permit-port-forwarding",
          "permit-pty",
          "permit-user-rc",
          "no-touch-required");

  private static final Pattern CIDR_LIST = Pattern.compile("[0-9A-Fa-f.:/*,!]+");
  private static final SshTtl DEFAULT_TTL = new SshTtl(3600);
  private static final SshTtl DEFAULT_MAX_TTL = new SshTtl(86400);

  public SshProfile {
    SshFields.name("name", name);
    SshFields.required("cert_type", certType);
    if (!certType.equals("user") && !certType.equals("host")) {
      throw new DomainException.InvalidInput("cert_type must be user or host");
    }
    SshFields.required("allowed_principals", allowedPrincipals);
    allowedPrincipals = SshFields.texts("allowed_principals", allowedPrincipals, 256, 256);
    if (allowedPrincipals.isEmpty()) {
      throw new DomainException.InvalidInput("allowed_principals must name at least one principal");
    }
    for (String p : allowedPrincipals) {
      if (p.contains(",") || p.chars().anyMatch(Character::isWhitespace)) {
        throw new DomainException.InvalidInput(
            "allowed_principals: " + p + " must not contain spaces or commas");
      }
    }
    if (maxTtl == null) {
      maxTtl =
          defaultTtl != null && defaultTtl.seconds() > DEFAULT_MAX_TTL.seconds()
              ? defaultTtl
              : DEFAULT_MAX_TTL;
    }
    if (defaultTtl == null) {
      defaultTtl = maxTtl.seconds() < DEFAULT_TTL.seconds() ? maxTtl : DEFAULT_TTL;
    }
    if (defaultTtl.seconds() > maxTtl.seconds()) {
      throw new DomainException.InvalidInput("default_ttl must not exceed max_ttl");
    }
    extensions = SshFields.options("extensions", extensions);
    criticalOptions = SshFields.options("critical_options", criticalOptions);
    if (certType.equals("host") && !(extensions.isEmpty() && criticalOptions.isEmpty())) {
      throw new DomainException.InvalidInput(
          "extensions and critical_options are for user certificates; a host profile takes none");
    }
    for (String ext : extensions.keySet()) {
      if (!STANDARD_EXTENSIONS.contains(ext) && !ext.contains("@")) {
        throw new DomainException.InvalidInput(
            "extensions: unknown extension "
                + ext
                + " (standard: "
                + String.join(", ", STANDARD_EXTENSIONS.stream().sorted().toList())
                + ", or a custom name@domain)");
      }
    }
    for (Map.Entry<String, String> option : criticalOptions.entrySet()) {
      switch (option.getKey()) {
        case "force-command" -> {
          if (option.getValue().isEmpty()) {
            throw new DomainException.InvalidInput(
                "critical_options.force-command needs a command");
          }
        }
        case "source-address" -> {
          if (!CIDR_LIST.matcher(option.getValue()).matches()) {
            throw new DomainException.InvalidInput(
                "critical_options.source-address must be a comma-separated list of addresses in"
                    + " CIDR form (10.0.0.0/8,192.0.2.1)");
          }
        }
        default ->
            throw new DomainException.InvalidInput(
                "critical_options: unknown option "
                    + option.getKey()
                    + " (supported: force-command, source-address)");
      }
    }
    allowedKeyTypes =
        allowedKeyTypes == null
            ? KEY_TYPES
            : SshFields.texts("allowed_key_types", allowedKeyTypes, 5, 16);
    if (allowedKeyTypes.isEmpty()) {
      throw new DomainException.InvalidInput("allowed_key_types must name at least one type");
    }
    for (String t : allowedKeyTypes) {
      if (!KEY_TYPES.contains(t)) {
        throw new DomainException.InvalidInput(
            "allowed_key_types: " + t + " is not one of " + String.join(", ", KEY_TYPES));
      }
    }
    allowedKeyTypes = KEY_TYPES.stream().filter(allowedKeyTypes::contains).toList();
    minRsaBits = minRsaBits == null ? 2048 : minRsaBits;
    if (minRsaBits < 2048 || minRsaBits > 16384) {
      throw new DomainException.InvalidInput("min_rsa_bits must be between 2048 and 16384");
    }
    allowUserKeyIds = allowUserKeyIds != null && allowUserKeyIds;
  }

  /** Whether this profile makes user certificates (else host certificates). */
  public boolean forUsers() {
    return certType.equals("user");
  }
}
