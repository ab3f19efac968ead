package dev.metacircular.apps.shell;

import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.ssh.in.GetCaKey;
import dev.metacircular.ports.ssh.in.GetKrl;
import dev.metacircular.ports.ssh.in.Krl;
import dev.metacircular.ports.ssh.in.Revocation;
import dev.metacircular.ports.ssh.in.RevokeCertificate;
import dev.metacircular.ports.ssh.in.SerialNumber;
import dev.metacircular.ports.ssh.in.SignKey;
import dev.metacircular.ports.ssh.in.SignedCertificate;
import dev.metacircular.ports.ssh.in.SshCaOperations;
import dev.metacircular.ports.ssh.in.SshProfile;
import dev.metacircular.ports.ssh.in.SshTtl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code ssh ...}: the SSH CA on a mount ({@code --mount}, default {@code ssh}) through the typed
 * operations of {@code SshCaOperations}. {@code ssh sign} reads a public key file ({@code
 * ~/.ssh/id_ed25519.pub} by default) and writes the certificate beside it ({@code
 * id_ed25519-cert.pub}), as {@code ssh-keygen -s} does; {@code ssh krl} writes the KRL file sshd's
 * {@code RevokedKeys} reads.
 */
@Command(
    name = "ssh",
    description = "SSH certificate authority: profiles, sign, revoke, ca, krl (crypto).")
final class SshCommands extends Group {
  static final String DEFAULT_MOUNT = "ssh";

  private final ShellContext ctx;

  @Option(
      names = {"-m", "--mount"},
      defaultValue = DEFAULT_MOUNT,
      paramLabel = "MOUNT",
      scope = ScopeType.INHERIT,
      description = "The sshca mount (default ${DEFAULT-VALUE}).")
  String mount;

  SshCommands(ShellContext ctx) {
    this.ctx = ctx;
  }

  private <Q extends Record, R extends Record> R call(Operation<Q, R> operation, Q request) {
    return ctx.crypto().run(mount, operation, request);
  }

  @Command(name = "create-profile", description = "Create a signing profile.")
  void createProfile(
      @Parameters(paramLabel = "NAME") String name,
      @Option(names = "--cert-type", defaultValue = "user", paramLabel = "user|host") String type,
      @Option(
              names = "--principal",
              required = true,
              paramLabel = "PATTERN",
              description = "Allowed principal: literal, glob or {{username}} (repeatable).")
          List<String> principals,
      @Option(names = "--default-ttl", paramLabel = "TTL") String defaultTtl,
      @Option(names = "--max-ttl", paramLabel = "TTL") String maxTtl,
      @Option(names = "--extension", paramLabel = "NAME", description = "Granted (repeatable).")
          List<String> extensions) {
    Map<String, String> granted = new LinkedHashMap<>();
    if (extensions != null) {
      extensions.forEach(e -> granted.put(e, ""));
    }
    SshProfile p =
        call(
            SshCaOperations.CREATE_PROFILE,
            new SshProfile(
                name,
                type,
                principals,
                defaultTtl == null ? null : SshTtl.parse("default_ttl", defaultTtl),
                maxTtl == null ? null : SshTtl.parse("max_ttl", maxTtl),
                granted,
                null,
                null,
                null,
                null));
    ctx.println(
        "created profile "
            + p.name()
            + " ("
            + p.certType()
            + ", principals "
            + String.join(",", p.allowedPrincipals())
            + ", ttl "
            + p.defaultTtl().text()
            + " max "
            + p.maxTtl().text()
            + ")");
  }

  @Command(name = "sign", description = "Sign a public key file; writes <key>-cert.pub beside it.")
  void sign(
      @Option(names = "--profile", required = true, paramLabel = "PROFILE") String profile,
      @Option(
              names = "--principal",
              required = true,
              paramLabel = "NAME",
              description = "Repeatable.")
          List<String> principals,
      @Option(
              names = "--key",
              paramLabel = "FILE",
              description = "The public key file (default ~/.ssh/id_ed25519.pub).")
          Path key,
      @Option(names = "--ttl", paramLabel = "TTL") String ttl) {
    Path file =
        key != null ? key : Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519.pub");
    String line;
    try {
      line = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new DomainException.InvalidInput("cannot read " + file + ": " + e.getMessage());
    }
    SignedCertificate s =
        call(
            SshCaOperations.SIGN,
            new SignKey(
                profile, line, principals, ttl == null ? null : SshTtl.parse("ttl", ttl), null));
    String name = file.getFileName().toString();
    Path cert =
        file.resolveSibling(
            (name.endsWith(".pub") ? name.substring(0, name.length() - 4) : name) + "-cert.pub");
    try {
      Files.writeString(cert, s.certificate() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DomainException.InvalidInput("cannot write " + cert + ": " + e.getMessage());
    }
    ctx.println("wrote " + cert);
    ctx.println("serial:  " + s.serialNumber().text());
    ctx.println("key id:  " + s.keyId());
    ctx.println(
        "valid:   " + s.validAfter() + " to " + s.validBefore() + " (" + s.ttl().text() + ")");
    if (s.notice() != null) {
      ctx.println("note:    " + s.notice());
    }
  }

  @Command(name = "revoke", description = "Revoke a certificate by serial, or all with --key-id.")
  void revoke(
      @Parameters(paramLabel = "SERIAL", arity = "0..1") String serial,
      @Option(names = "--key-id", paramLabel = "KEY_ID") String keyId) {
    Revocation r =
        call(
            SshCaOperations.REVOKE,
            new RevokeCertificate(
                serial == null ? null : SerialNumber.parse("serial_number", serial), keyId));
    for (SerialNumber n : r.serialNumbers()) {
      ctx.println("revoked " + n.text());
    }
    ctx.println("krl version " + r.krlVersion());
  }

  @Command(name = "ca", description = "The CA public key (for TrustedUserCAKeys, @cert-authority).")
  void ca() {
    ctx.println(call(SshCaOperations.GET_CA_KEY, new GetCaKey()).publicKey());
  }

  @Command(name = "krl", description = "Write the current KRL to a file (sshd's RevokedKeys).")
  void krl(
      @Option(names = "--output", defaultValue = "revoked.krl", paramLabel = "FILE") Path output,
      @Option(names = "--unsigned", description = "No signature section (OpenSSH 9.4+).")
          boolean unsigned) {
    Krl krl = call(SshCaOperations.GET_KRL, new GetKrl(!unsigned));
    try {
      Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
      Files.write(tmp, krl.krl());
      Files.move(
          tmp,
          output,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DomainException.InvalidInput("cannot write " + output + ": " + e.getMessage());
    }
    ctx.println(
        "wrote "
            + output
            + " (version "
            + krl.version()
            + ", "
            + krl.revokedSerials()
            + " serials, "
            + krl.revokedKeyIds()
            + " key ids)");
  }
}
