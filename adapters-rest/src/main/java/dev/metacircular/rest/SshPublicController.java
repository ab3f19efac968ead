package dev.metacircular.rest;

import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.ssh.in.GetCaKey;
import dev.metacircular.ports.ssh.in.GetKrl;
import dev.metacircular.ports.ssh.in.Krl;
import dev.metacircular.ports.ssh.in.SshCaOperations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The SSH CA's public reads, no token: what sshd hosts and SSH clients fetch to trust the CA.
 *
 * <ul>
 *   <li>{@code GET /v1/ssh/{mount}/ca} → the CA public key, one {@code authorized_keys} line
 *       ({@code text/plain}), for {@code TrustedUserCAKeys} or an {@code @cert-authority} line;
 *   <li>{@code GET /v1/ssh/{mount}/krl} → the current KRL in OpenSSH's binary format ({@code
 *       application/octet-stream}), signed by the CA; {@code ?signed=false} leaves the signature
 *       section out, for OpenSSH 9.4 and later, which refuse signed KRLs. Headers {@code
 *       X-KRL-Version} and {@code Cache-Control: no-cache}: a revocation is in the very next fetch.
 * </ul>
 *
 * Both run through {@code EngineUseCase.runPublic}: the seal gate, the mount and its type, no ACL
 * and no audit entry. Refusals are the usual JSON errors (404 for a mount that does not exist or is
 * no {@code sshca} mount, 503 while sealed).
 */
final class SshPublicController {
  private final EngineUseCase engines;

  SshPublicController(EngineUseCase engines) {
    this.engines = engines;
  }

  /** Adds the two routes. */
  static void register(RoutesConfig routes, EngineUseCase engines) {
    SshPublicController ssh = new SshPublicController(engines);
    routes.get("/v1/ssh/{mount}/ca", ssh::caKey);
    routes.get("/v1/ssh/{mount}/krl", ssh::krl);
  }

  void caKey(Context ctx) {
    String line =
        engines
            .runPublic(ctx.pathParam("mount"), SshCaOperations.GET_CA_KEY, new GetCaKey(), ctx.ip())
            .publicKey();
    ctx.status(200).contentType("text/plain; charset=utf-8").result(line + "\n");
  }

  void krl(Context ctx) {
    String signed = ctx.queryParam("signed");
    if (signed != null && !signed.equals("true") && !signed.equals("false")) {
      throw new DomainException.InvalidInput("signed must be true or false");
    }
    Krl krl =
        engines.runPublic(
            ctx.pathParam("mount"),
            SshCaOperations.GET_KRL,
            new GetKrl(!"false".equals(signed)),
            ctx.ip());
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-KRL-Version", Long.toString(krl.version()));
    ctx.status(200).contentType("application/octet-stream").result(krl.krl());
  }
}
