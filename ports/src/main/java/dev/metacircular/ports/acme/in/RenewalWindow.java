package dev.metacircular.ports.acme.in;

import java.time.Instant;
import java.util.Objects;

/** A suggested renewal window (RFC 9773): renew between start and end. */
public record RenewalWindow(Instant start, Instant end) {
  public RenewalWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("a window ends after it starts");
    }
  }
}
