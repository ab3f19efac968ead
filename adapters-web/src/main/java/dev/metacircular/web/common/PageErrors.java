package dev.metacircular.web.common;

import dev.metacircular.http.HttpStatuses;
import dev.metacircular.http.LogSafe;
import dev.metacircular.ports.error.DomainException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person sees when a page fails: the status code and a short message, as a whole page or,
 * for htmx, as a fragment swapped where the result would have gone. A {@link DomainException} is a
 * refusal and keeps its message, with the same status as on the REST API; anything else is a
 * failure: 500 "internal error" on the page, the stack trace in the server log only.
 */
public final class PageErrors {
  private static final Logger LOG = LoggerFactory.getLogger(PageErrors.class);
  static final String INTERNAL_ERROR = "internal error";

  private PageErrors() {}

  /** Answers {@code request} with the error page (or fragment) for {@code failure}. */
  static void render(PageRequest request, Exception failure) {
    int status;
    String message;
    if (failure instanceof DomainException refused) {
      status = HttpStatuses.of(refused);
      message = refused.getMessage();
      if (refused instanceof DomainException.TooManyRequests limited) {
        request.ctx().header("Retry-After", Long.toString(limited.retryAfterSeconds()));
      }
    } else {
      status = 500;
      message = INTERNAL_ERROR;
      LOG.error(
          "internal error on {} {}",
          request.ctx().method().name(),
          LogSafe.path(request.ctx().path()),
          failure);
    }
    request.render(
        status,
        request.htmx() ? "error-fragment" : "error",
        Map.of("status", status, "message", message, "title", "Error " + status));
  }
}
