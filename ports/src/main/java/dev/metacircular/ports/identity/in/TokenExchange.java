package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.identity.IssuedToken;
import java.util.Objects;

/** The outcome of a token request: a token, or an OAuth 2.0 error (RFC 6749 §5.2). */
public sealed interface TokenExchange permits TokenExchange.Issued, TokenExchange.Refused {

  /** The identity token for the code's account, with {@code aud} = the client's service. */
  record Issued(IssuedToken token) implements TokenExchange {
    public Issued {
      Objects.requireNonNull(token, "token");
    }
  }

  /** A refusal with its OAuth error code and a short, client-safe description. */
  record Refused(OAuthError error, String description) implements TokenExchange {
    public Refused {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(description, "description");
    }
  }

  /**
   * The RFC 6749 §5.2 error codes the token endpoint uses (their HTTP statuses are the door's:
   * {@code adapters-http} {@code HttpStatuses}).
   */
  enum OAuthError {
    INVALID_REQUEST("invalid_request"),
    INVALID_CLIENT("invalid_client"),
    INVALID_GRANT("invalid_grant"),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type");

    private final String wireName;

    OAuthError(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
