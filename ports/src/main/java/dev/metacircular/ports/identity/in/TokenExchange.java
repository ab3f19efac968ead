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

  /** The RFC 6749 §5.2 error codes the token endpoint uses, with their HTTP status. */
  enum OAuthError {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400);

    private final String wireName;
    private final int httpStatus;

    OAuthError(String wireName, int httpStatus) {
      this.wireName = wireName;
      this.httpStatus = httpStatus;
    }

    public String wireName() {
      return wireName;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }
}
