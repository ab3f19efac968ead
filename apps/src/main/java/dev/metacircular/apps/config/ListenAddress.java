package dev.metacircular.apps.config;

import java.util.Objects;

/**
 * A {@code host:port} listen address. As in Go, an empty host ({@code ":8443"}) means every
 * interface; IPv6 hosts are bracketed ({@code "[::1]:8443"}). Port 0 asks for any free port.
 */
public record ListenAddress(String host, int port) {

  public ListenAddress {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Parses {@code host:port}; throws {@link IllegalArgumentException} when it is not one. */
  public static ListenAddress parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing address");
    }
    String s = text.trim();
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("expected host:port");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("IPv6 hosts must be bracketed, e.g. [::1]:8443");
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    return new ListenAddress(host, parsePort(s.substring(colon + 1)));
  }

  /** A port number 0-65535; throws {@link IllegalArgumentException} otherwise. */
  public static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the one message below
    }
    throw new IllegalArgumentException("port must be a number from 0 to 65535");
  }

  public ListenAddress withPort(int newPort) {
    return new ListenAddress(host, newPort);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
