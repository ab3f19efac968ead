package dev.metacircular.rest;

import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.FetchCa;
import dev.metacircular.ports.pki.in.FetchCrl;
import dev.metacircular.ports.pki.in.IssuerName;
import dev.metacircular.ports.pki.in.OcspRequest;
import dev.metacircular.ports.pki.in.PkiOperations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The {@code ca} engine's public trust endpoints, readable by anyone without a token (what relying
 * parties fetch to trust the CA's certificates), each one public read through {@link
 * EngineUseCase#runPublic} (seal gate, mount and operation checks; no ACL, no audit):
 *
 * <ul>
 *   <li>{@code GET /v1/pki/{mount}/ca}: the root (PEM); {@code /ca/chain}: every issuer then the
 *       root ({@code ?issuer=name} for one issuer's chain);
 *   <li>{@code GET /v1/pki/{mount}/issuer/{name}}: an issuer's certificate (PEM; {@code root} is
 *       the root);
 *   <li>{@code GET /v1/pki/{mount}/issuer/{name}/crl}: its complete CRL, DER as {@code
 *       application/pkix-crl} ({@code ?format=pem} for PEM); {@code .../crl/delta}: its delta CRL;
 *   <li>{@code POST /v1/pki/{mount}/ocsp} ({@code application/ocsp-request}) and {@code GET
 *       /v1/pki/{mount}/ocsp/{base64 request}}: the OCSP responder (RFC 6960).
 * </ul>
 */
final class PkiController {
  static final String PEM = "application/x-pem-file";
  static final String CRL = "application/pkix-crl";
  static final String OCSP_RESPONSE = "application/ocsp-response";

  private final EngineUseCase engines;

  private PkiController(EngineUseCase engines) {
    this.engines = Objects.requireNonNull(engines, "engines");
  }

  /** Adds the public PKI routes. */
  static void routes(RoutesConfig routes, EngineUseCase engines) {
    PkiController pki = new PkiController(engines);
    routes.get("/v1/pki/{mount}/ca", pki::root);
    routes.get("/v1/pki/{mount}/ca/chain", pki::chain);
    routes.get("/v1/pki/{mount}/issuer/{name}", pki::issuer);
    routes.get("/v1/pki/{mount}/issuer/{name}/crl", ctx -> pki.crl(ctx, false));
    routes.get("/v1/pki/{mount}/issuer/{name}/crl/delta", ctx -> pki.crl(ctx, true));
    routes.post("/v1/pki/{mount}/ocsp", pki::ocspPost);
    routes.get("/v1/pki/{mount}/ocsp/<request>", pki::ocspGet);
  }

  private void root(Context ctx) {
    pem(
        ctx,
        engines.runPublic(mount(ctx), PkiOperations.FETCH_CA, new FetchCa(null), ctx.ip()).pem());
  }

  private void chain(Context ctx) {
    FetchCa request = new FetchCa(ctx.queryParam("issuer"));
    pem(ctx, engines.runPublic(mount(ctx), PkiOperations.FETCH_CHAIN, request, ctx.ip()).pem());
  }

  private void issuer(Context ctx) {
    IssuerName request = new IssuerName(ctx.pathParam("name"));
    pem(ctx, engines.runPublic(mount(ctx), PkiOperations.FETCH_ISSUER, request, ctx.ip()).pem());
  }

  private void crl(Context ctx, boolean delta) {
    String format = ctx.queryParam("format");
    if (format != null && !format.equals("pem") && !format.equals("der")) {
      throw new DomainException.InvalidInput("format must be pem or der");
    }
    FetchCrl request = new FetchCrl(ctx.pathParam("name"), delta);
    byte[] der = engines.runPublic(mount(ctx), PkiOperations.FETCH_CRL, request, ctx.ip()).der();
    if ("pem".equals(format)) {
      String pem =
          "-----BEGIN X509 CRL-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
              + "\n-----END X509 CRL-----\n";
      pem(ctx, pem);
      return;
    }
    binary(ctx, CRL, der);
  }

  private void ocspPost(Context ctx) {
    ocsp(ctx, ctx.bodyAsBytes());
  }

  private void ocspGet(Context ctx) {
    // In a path '+' is itself (never a space); a still-encoded value is decoded once more.
    String text = ctx.pathParam("request");
    if (text.indexOf('%') >= 0) {
      text = URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.US_ASCII);
    }
    byte[] request;
    try {
      request =
          text.indexOf('-') >= 0 || text.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(text)
              : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput("the OCSP request in the path must be base64");
    }
    ocsp(ctx, request);
  }

  private void ocsp(Context ctx, byte[] request) {
    if (request.length == 0) {
      throw new DomainException.InvalidInput("an OCSP request is required");
    }
    byte[] response =
        engines
            .runPublic(mount(ctx), PkiOperations.OCSP, new OcspRequest(request), ctx.ip())
            .response();
    binary(ctx, OCSP_RESPONSE, response);
  }

  private static String mount(Context ctx) {
    return ctx.pathParam("mount");
  }

  /** Binary answers carry their media type exactly (no charset: they are not text). */
  private static void binary(Context ctx, String type, byte[] body) {
    ctx.status(200).result(body);
    ctx.res().setCharacterEncoding(null);
    ctx.res().setContentType(type);
  }

  private static void pem(Context ctx, String pem) {
    ctx.status(200).contentType(PEM).result(pem);
  }
}
