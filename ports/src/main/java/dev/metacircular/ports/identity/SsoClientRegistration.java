package dev.metacircular.ports.identity;

import java.util.Arrays;
import java.util.Objects;

/**
 * A client as just registered (or with a freshly rotated secret), with its secret: the only time
 * the secret exists in clear on the server side. Hand it to the client's operator once, then {@link
 * #destroy()} it.
 */
public record SsoClientRegistration(SsoClient client, char[] clientSecret) {

  public SsoClientRegistration {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  /** Overwrites the secret. */
  public void destroy() {
    Arrays.fill(clientSecret, '\0');
  }

  @Override
  public String toString() {
    return "SsoClientRegistration[client=" + client.clientId() + ", secret=redacted]";
  }
}
