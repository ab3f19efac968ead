package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;

/**
 * Turns the {@code Authorization: Bearer} header into a {@link Caller}, through whichever port the
 * service authenticates with (the identity service's own token validation, or the crypto service's
 * delegation to identity). Whether that caller may do what it asks is decided by the core behind
 * each port, never here.
 */
final class BearerAuth {
  private static final String SCHEME = "bearer ";

  /** A port call that turns a presented token and the client address into a caller. */
  @FunctionalInterface
  interface Authenticator {
    /**
     * The caller the token stands for; {@code DomainException.Unauthenticated} otherwise, {@code
     * "missing token"} for a null one.
     */
    Caller authenticate(String bearerToken, String sourceAddress);
  }

  /** A handler that runs only for a caller with a valid token. */
  @FunctionalInterface
  interface AuthenticatedHandler {
    void handle(Context ctx, Caller caller) throws Exception;
  }

  private final Authenticator authenticator;

  BearerAuth(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * Wraps {@code handler}: 401 without a valid token, before the body is even read. A missing token
   * goes to the port too (as null), so the core records that refusal like an invalid one.
   */
  Handler require(AuthenticatedHandler handler) {
    return ctx -> handler.handle(ctx, authenticator.authenticate(token(ctx), ctx.ip()));
  }

  /** The bearer token of the request; 401 "missing token" when there is none. */
  static String requireToken(Context ctx) {
    String token = token(ctx);
    if (token == null) {
      throw new DomainException.Unauthenticated("missing token");
    }
    return token;
  }

  /** The bearer token of the request, or null when there is none. */
  static String token(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.length() <= SCHEME.length()) {
      return null;
    }
    if (!header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return null;
    }
    String token = header.substring(SCHEME.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
