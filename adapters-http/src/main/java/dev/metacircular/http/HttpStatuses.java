package dev.metacircular.http;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.in.TokenExchange.OAuthError;

/**
 * The one status table of the HTTP doors (the JSON API and the web pages, on one Javalin server):
 * which HTTP status answers each refusal of the core. The contracts name refusals by kind ({@link
 * DomainException}'s sealed subclasses, OAuth's error codes); the numbers are HTTP's, so they live
 * here, beside the doors, and nowhere in {@code ports}. The gRPC door maps the same kinds to gRPC
 * codes in its own table.
 */
public final class HttpStatuses {

  private HttpStatuses() {}

  /**
   * 400 invalid input, 401 unauthenticated, 403 forbidden, 404 not found, 409 conflict, 412
   * precondition failed, 429 too many requests, 503 unavailable (DESIGN.md §4 and the runbooks).
   */
  public static int of(DomainException refusal) {
    if (refusal instanceof DomainException.InvalidInput) {
      return 400;
    }
    if (refusal instanceof DomainException.Unauthenticated) {
      return 401;
    }
    if (refusal instanceof DomainException.Forbidden) {
      return 403;
    }
    if (refusal instanceof DomainException.NotFound) {
      return 404;
    }
    if (refusal instanceof DomainException.Conflict) {
      return 409;
    }
    if (refusal instanceof DomainException.PreconditionFailed) {
      return 412;
    }
    if (refusal instanceof DomainException.TooManyRequests) {
      return 429;
    }
    if (refusal instanceof DomainException.Unavailable) {
      return 503;
    }
    // DomainException is sealed: a new kind of refusal must be given its status here.
    throw new IllegalArgumentException("no HTTP status for " + refusal.getClass().getName());
  }

  /** The token endpoint's statuses (RFC 6749 §5.2): 401 for a failed client, 400 otherwise. */
  public static int of(OAuthError error) {
    return error == OAuthError.INVALID_CLIENT ? 401 : 400;
  }
}
