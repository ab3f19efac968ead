package dev.metacircular.apps.dev;

import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.FetchCa;
import dev.metacircular.ports.pki.in.Issue;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.IssuerList;
import dev.metacircular.ports.pki.in.ListIssuers;
import dev.metacircular.ports.pki.in.ListRoles;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleList;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.ports.pki.in.Ttl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Dev mode's own PKI, in the crypto service it runs: a {@code ca} mount {@value #MOUNT} with the
 * reference's three issuers ({@code infra}, {@code services}, {@code clients}) and the role {@value
 * #ROLE} (issuer {@code infra}: {@code localhost}, 127.0.0.1, ::1 and any name under {@code
 * .test}), from which both services' TLS certificates are issued. Each piece is created only when
 * missing, so a restart on the same data directory changes nothing.
 */
final class DevCa {
  static final String MOUNT = "pki";
  static final String ROLE = "localhost";
  static final List<String> ISSUERS = List.of("infra", "services", "clients");

  /** How long dev mode's server certificates live; renewed after two thirds of it. */
  static final String SERVER_TTL = "720h";

  private DevCa() {}

  /**
   * Mounts the CA, creates the issuers and the role where missing; the core must be unsealed.
   * Returns true when the CA was mounted now: a new root, so certificates issued before (by a CA
   * unmounted since) are no longer trusted by {@code ca.pem} and must be issued again.
   */
  static boolean ensure(CryptoCore crypto) {
    boolean mounted =
        crypto.mounts().list(DevPlatform.CALLER).stream().anyMatch(m -> m.name().equals(MOUNT));
    if (!mounted) {
      crypto
          .mounts()
          .mount(
              DevPlatform.CALLER,
              MOUNT,
              PkiOperations.TYPE,
              Map.of("root_common_name", "Metacircular Dev Root CA", "root_key_type", "ec-p384"));
    }
    IssuerList issuers =
        crypto
            .operations()
            .run(DevPlatform.CALLER, MOUNT, PkiOperations.LIST_ISSUERS, new ListIssuers());
    for (String issuer : ISSUERS) {
      if (!issuers.issuers().contains(issuer)) {
        crypto
            .operations()
            .run(
                DevPlatform.CALLER,
                MOUNT,
                PkiOperations.CREATE_ISSUER,
                new CreateIssuer(issuer, "Metacircular Dev " + issuer + " CA", "ec-p384", null));
      }
    }
    RoleList roles =
        crypto
            .operations()
            .run(DevPlatform.CALLER, MOUNT, PkiOperations.LIST_ROLES, new ListRoles());
    if (!roles.roles().contains(ROLE)) {
      crypto
          .operations()
          .run(
              DevPlatform.CALLER,
              MOUNT,
              PkiOperations.CREATE_ROLE,
              RoleSettings.named(ROLE)
                  .issuer("infra")
                  .allowedDomains(List.of("test"))
                  .allowSubdomains(true)
                  .allowBareDomains(false)
                  .allowWildcard(true)
                  .allowLocalhost(true)
                  .allowIpSans(true)
                  .keyType("ec")
                  .ttl(Ttl.parse("ttl", SERVER_TTL))
                  .maxTtl(Ttl.parse("max_ttl", SERVER_TTL))
                  .serverFlag(true)
                  .clientFlag(false)
                  .requireCn(true)
                  .build());
    }
    return !mounted;
  }

  /** A server certificate for this machine's loopback names under the dev role. */
  static IssuedCertificate issueLocalhost(CryptoCore crypto) {
    return crypto
        .operations()
        .run(
            DevPlatform.CALLER,
            MOUNT,
            PkiOperations.ISSUE,
            new Issue(ROLE, "localhost", List.of(), List.of("127.0.0.1", "::1"), List.of(), null));
  }

  /** Writes the root certificate (PEM) to {@code file}: what clients trust. */
  static void writeRoot(CryptoCore crypto, Path file) throws IOException {
    String root =
        crypto.operations().runPublic(MOUNT, PkiOperations.FETCH_CA, new FetchCa(null), "").pem();
    Files.writeString(file, root, StandardCharsets.US_ASCII);
  }
}
