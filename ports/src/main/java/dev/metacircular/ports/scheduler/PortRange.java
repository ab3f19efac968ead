package dev.metacircular.ports.scheduler;

import dev.metacircular.ports.error.DomainException;

/** The host ports a node hands out to routes, inclusive ({@code "10000-60000"} by default). */
public record PortRange(int low, int high) {

  public static final PortRange DEFAULT = new PortRange(10000, 60000);

  public PortRange {
    if (low < 1 || high > 65535 || low > high) {
      throw new DomainException.InvalidInput(
          "port range must be LOW-HIGH within 1-65535 with LOW <= HIGH, not " + low + "-" + high);
    }
  }

  /** Parses {@code "LOW-HIGH"}. */
  public static PortRange parse(String text) {
    String[] parts = text == null ? new String[0] : text.trim().split("-", -1);
    if (parts.length == 2) {
      try {
        return new PortRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    throw new DomainException.InvalidInput(
        "port range must be written LOW-HIGH such as 10000-60000, not \"" + text + "\"");
  }

  public boolean contains(int port) {
    return port >= low && port <= high;
  }

  public int size() {
    return high - low + 1;
  }

  @Override
  public String toString() {
    return low + "-" + high;
  }
}
