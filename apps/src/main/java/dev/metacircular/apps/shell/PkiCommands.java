package dev.metacircular.apps.shell;

import dev.metacircular.apps.cli.TextTable;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.pki.in.CertInfo;
import dev.metacircular.ports.pki.in.CertSerial;
import dev.metacircular.ports.pki.in.CreateIssuer;
import dev.metacircular.ports.pki.in.DeleteIssuer;
import dev.metacircular.ports.pki.in.FetchCa;
import dev.metacircular.ports.pki.in.Issue;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.IssuerInfo;
import dev.metacircular.ports.pki.in.IssuerName;
import dev.metacircular.ports.pki.in.ListCerts;
import dev.metacircular.ports.pki.in.ListIssuers;
import dev.metacircular.ports.pki.in.ListRoles;
import dev.metacircular.ports.pki.in.PkiOperations;
import dev.metacircular.ports.pki.in.RoleInfo;
import dev.metacircular.ports.pki.in.RoleName;
import dev.metacircular.ports.pki.in.RoleSettings;
import dev.metacircular.ports.pki.in.SerialNumber;
import dev.metacircular.ports.pki.in.SignCsr;
import dev.metacircular.ports.pki.in.Tidy;
import dev.metacircular.ports.pki.in.Ttl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code pki ...}: the CA engine's operations on a mount ({@code --mount}, default {@code pki}), as
 * the typed operations of {@code PkiOperations}: issuers, roles, issue (the key written to a file
 * of mode 0600 with {@code --out}, never into the history), sign a CSR file, revoke, list, and
 * fetch the CA certificate. See docs/pki.md.
 */
@Command(
    name = "pki",
    description = "CA engine operations: issuers, roles, issue, sign, revoke, list, ca (crypto).")
final class PkiCommands extends Group {
  static final String DEFAULT_MOUNT = "pki";

  private final ShellContext ctx;

  @Option(
      names = {"-m", "--mount"},
      defaultValue = DEFAULT_MOUNT,
      paramLabel = "MOUNT",
      scope = ScopeType.INHERIT,
      description = "The ca mount (default ${DEFAULT-VALUE}).")
  String mount;

  PkiCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  private <Q extends Record, R extends Record> R call(Operation<Q, R> operation, Q request) {
    return ctx.crypto().run(mount, operation, request);
  }

  @Command(
      name = "create-issuer",
      description = "Create an issuer (an intermediate CA) signed by the root.")
  void createIssuer(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--common-name", required = true, paramLabel = "CN") String commonName,
      @Option(
              names = "--key-type",
              paramLabel = "TYPE",
              description = "ec-p256, ec-p384 (default), rsa-2048, rsa-3072, rsa-4096, ed25519.")
          String keyType,
      @Option(
              names = "--ttl",
              paramLabel = "DURATION",
              description = "Default 43800h, capped by the root.")
          String ttl) {
    printIssuer(
        call(
            PkiOperations.CREATE_ISSUER,
            new CreateIssuer(name, commonName, keyType, ttl("--ttl", ttl))));
  }

  @Command(name = "list-issuers", description = "The mount's issuers.")
  void listIssuers() {
    call(PkiOperations.LIST_ISSUERS, new ListIssuers()).issuers().forEach(ctx.out()::println);
    ctx.out().flush();
  }

  @Command(name = "get-issuer", description = "An issuer's subject, key type, serial and validity.")
  void getIssuer(@Parameters(paramLabel = "NAME") String name) {
    printIssuer(call(PkiOperations.GET_ISSUER, new IssuerName(name)));
  }

  @Command(
      name = "delete-issuer",
      description = "Delete an issuer (--force if it has unexpired certificates).")
  void deleteIssuer(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--force", description = "Delete even with unexpired certificates.")
          boolean force) {
    call(PkiOperations.DELETE_ISSUER, new DeleteIssuer(name, force));
    ctx.println("deleted issuer " + name);
  }

  @Command(name = "create-role", description = "Create a role: which names an issuer may certify.")
  void createRole(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--issuer", required = true, paramLabel = "ISSUER") String issuer,
      @Option(names = "--domains", split = ",", paramLabel = "DOMAIN") List<String> domains,
      @Option(names = "--subdomains", description = "Allow names below the domains.")
          boolean subdomains,
      @Option(names = "--bare", description = "Allow the domains themselves.") boolean bare,
      @Option(names = "--wildcard", description = "Allow *.domain names (with --subdomains).")
          boolean wildcard,
      @Option(names = "--localhost", description = "Allow localhost.") boolean localhost,
      @Option(names = "--ip-sans", description = "Allow IP addresses.") boolean ipSans,
      @Option(names = "--client", description = "Also clientAuth.") boolean client,
      @Option(names = "--ttl", paramLabel = "DURATION") String ttl,
      @Option(names = "--max-ttl", paramLabel = "DURATION") String maxTtl) {
    printRole(
        call(
            PkiOperations.CREATE_ROLE,
            new RoleSettings(
                name,
                issuer,
                domains,
                subdomains,
                bare,
                wildcard,
                localhost,
                ipSans,
                null,
                null,
                null,
                ttl("--ttl", ttl),
                ttl("--max-ttl", maxTtl),
                null,
                client,
                null)));
  }

  @Command(name = "list-roles", description = "The mount's roles.")
  void listRoles() {
    call(PkiOperations.LIST_ROLES, new ListRoles()).roles().forEach(ctx.out()::println);
    ctx.out().flush();
  }

  @Command(name = "get-role", description = "A role's settings.")
  void getRole(@Parameters(paramLabel = "NAME") String name) {
    printRole(call(PkiOperations.GET_ROLE, new RoleName(name)));
  }

  @Command(name = "delete-role", description = "Delete a role.")
  void deleteRole(@Parameters(paramLabel = "NAME") String name) {
    call(PkiOperations.DELETE_ROLE, new RoleName(name));
    ctx.println("deleted role " + name);
  }

  @Command(
      name = "issue",
      description = {
        "Issue a certificate and a new key under ROLE for COMMON_NAME.",
        "With --out PREFIX: PREFIX.crt (certificate and chain) and PREFIX.key (mode 0600)."
      })
  void issue(
      @Parameters(paramLabel = "ROLE") String role,
      @Parameters(paramLabel = "COMMON_NAME") String commonName,
      @Option(names = "--alt-names", split = ",", paramLabel = "NAME") List<String> altNames,
      @Option(names = "--ip-sans", split = ",", paramLabel = "IP") List<String> ipSans,
      @Option(names = "--ttl", paramLabel = "DURATION") String ttl,
      @Option(names = "--out", paramLabel = "PREFIX") Path out) {
    IssuedCertificate issued =
        call(
            PkiOperations.ISSUE,
            new Issue(role, commonName, altNames, ipSans, null, ttl("--ttl", ttl)));
    try {
      if (out == null) {
        ctx.out().print(issued.certificate());
        ctx.out().print(issued.privateKey().text());
      } else {
        Path crt = Path.of(out + ".crt");
        Path key = Path.of(out + ".key");
        Files.writeString(crt, issued.certificate() + String.join("", issued.caChain()));
        writePrivate(key, issued.privateKey().pem());
        ctx.println("wrote " + crt + " and " + key);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      issued.privateKey().wipe();
    }
    ctx.println("serial:  " + issued.serialNumber());
    ctx.println("expires: " + issued.expiration());
  }

  @Command(name = "sign", description = "Sign the CSR in CSR_FILE (PEM) under ROLE.")
  void sign(
      @Parameters(paramLabel = "ROLE") String role,
      @Parameters(paramLabel = "CSR_FILE") Path csr,
      @Option(names = "--ttl", paramLabel = "DURATION") String ttl,
      @Option(names = "--out", paramLabel = "FILE") Path out) {
    String pem;
    try {
      pem = Files.readString(csr, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + csr);
    }
    IssuedCertificate signed =
        call(PkiOperations.SIGN, new SignCsr(role, pem, null, null, ttl("--ttl", ttl)));
    if (out == null) {
      ctx.out().print(signed.certificate());
    } else {
      try {
        Files.writeString(out, signed.certificate() + String.join("", signed.caChain()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ctx.println("wrote " + out);
    }
    ctx.println("serial:  " + signed.serialNumber());
  }

  @Command(name = "revoke", description = "Revoke a certificate by serial number.")
  void revoke(@Parameters(paramLabel = "SERIAL") String serial) {
    var revoked = call(PkiOperations.REVOKE, new CertSerial(SerialNumber.parse("SERIAL", serial)));
    ctx.println("revoked " + revoked.serialNumber() + " at " + revoked.revocationTime());
  }

  @Command(
      name = "list-certs",
      description = "Issued certificates (--issuer, --revoked to filter).")
  void listCerts(
      @Option(names = "--issuer", paramLabel = "ISSUER") String issuer,
      @Option(names = "--revoked", paramLabel = "BOOLEAN", arity = "1") Boolean revoked) {
    TextTable table = new TextTable("SERIAL", "ISSUER", "NAMES", "EXPIRES", "REVOKED");
    for (CertInfo c : call(PkiOperations.LIST_CERTS, new ListCerts(issuer, revoked)).certs()) {
      table.row(
          c.serialNumber(),
          c.issuer(),
          String.join(",", c.names()),
          c.notAfter(),
          c.revoked() ? c.revocationTime() : "-");
    }
    table.print(ctx.out());
  }

  @Command(name = "renew", description = "Re-issue a certificate from issue: same names, new key.")
  void renew(
      @Parameters(paramLabel = "SERIAL") String serial,
      @Option(names = "--out", required = true, paramLabel = "PREFIX") Path out) {
    IssuedCertificate renewed =
        call(PkiOperations.RENEW, new CertSerial(SerialNumber.parse("SERIAL", serial)));
    try {
      Files.writeString(
          Path.of(out + ".crt"), renewed.certificate() + String.join("", renewed.caChain()));
      writePrivate(Path.of(out + ".key"), renewed.privateKey().pem());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      renewed.privateKey().wipe();
    }
    ctx.println("renewed as " + renewed.serialNumber() + ", expires " + renewed.expiration());
  }

  @Command(
      name = "tidy",
      description = "Remove certificates expired longer ago than --safety-buffer.")
  void tidy(@Option(names = "--safety-buffer", paramLabel = "DURATION") String buffer) {
    int removed =
        call(PkiOperations.TIDY, new Tidy(ttl("--safety-buffer", buffer))).removed().size();
    ctx.println("removed " + removed + " certificate(s)");
  }

  @Command(
      name = "ca",
      description = "The root certificate (PEM); --chain: every issuer and the root.")
  void ca(
      @Option(names = "--chain", description = "The chain instead of the root alone.")
          boolean chain,
      @Option(names = "--out", paramLabel = "FILE") Path out) {
    String pem =
        call(chain ? PkiOperations.FETCH_CHAIN : PkiOperations.FETCH_CA, new FetchCa(null)).pem();
    if (out == null) {
      ctx.out().print(pem);
      ctx.out().flush();
      return;
    }
    try {
      Files.writeString(out, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.println("wrote " + out);
  }

  private static Ttl ttl(String option, String text) {
    return text == null ? null : Ttl.parse(option, text);
  }

  private static void writePrivate(Path file, byte[] pem) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.write(file, pem);
  }

  private void printIssuer(IssuerInfo i) {
    ctx.println("issuer:   " + i.name());
    ctx.println("subject:  CN=" + i.commonName());
    ctx.println("key type: " + i.keyType());
    ctx.println("serial:   " + i.serialNumber());
    ctx.println("valid:    " + i.notBefore() + " .. " + i.notAfter());
  }

  private void printRole(RoleInfo r) {
    ctx.println("role:     " + r.name() + " (issuer " + r.issuer() + ")");
    ctx.println(
        "domains:  " + (r.allowedDomains().isEmpty() ? "-" : String.join(",", r.allowedDomains())));
    ctx.println(
        "allows:   subdomains="
            + r.allowSubdomains()
            + " bare="
            + r.allowBareDomains()
            + " wildcard="
            + r.allowWildcard()
            + " localhost="
            + r.allowLocalhost()
            + " ip_sans="
            + r.allowIpSans());
    ctx.println("key:      " + r.keyType() + (r.keyBits() > 0 ? " " + r.keyBits() : ""));
    ctx.println("ttl:      " + r.ttl() + " (max " + r.maxTtl() + ")");
    ctx.println("usage:    server=" + r.serverFlag() + " client=" + r.clientFlag());
  }
}
