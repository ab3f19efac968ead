package dev.metacircular.rest;

/**
 * The fixed, client-safe message of each HTTP error status. Framework and server messages never
 * reach a client: they can name internals.
 */
final class HttpErrors {
  static final String INTERNAL_ERROR = "internal error";

  private HttpErrors() {}

  static String message(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not found";
      case 405 -> "method not allowed";
      case 408 -> "request timeout";
      case 409 -> "conflict";
      case 411 -> "length required";
      case 412 -> "precondition failed";
      case 413 -> "request body too large";
      case 414 -> "request URI too long";
      case 415 -> "unsupported media type";
      case 429 -> "too many requests";
      case 431 -> "request headers too large";
      case 501 -> "not implemented";
      case 503 -> "service unavailable";
      default -> status >= 500 ? INTERNAL_ERROR : "request refused";
    };
  }
}
