package dev.metacircular.rest.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.out.IdentityProvider;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.ValidationCache;
import dev.metacircular.ports.identity.in.LoginCommand;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identity service over HTTPS, for a service that delegates authentication to it (the outbound
 * {@link IdentityProvider} port; the in-process alternative lives in the core).
 *
 * <p><b>Calls.</b> {@code POST /v1/auth/login} with this service's {@code service_name} and {@code
 * tags}; {@code POST /v1/token/validate} with this service's name as {@code audience} (so a token
 * for another service is refused by the identity service, and again here); {@code POST
 * /v1/auth/logout} with the token as bearer. The password is written from its {@code char[]} into
 * one byte array that is wiped once the request has been sent; it never becomes a {@code String}.
 *
 * <p><b>TLS.</b> TLS 1.2 or 1.3 only, host name verification on, no redirects followed. With a CA
 * certificate file only the certificates in it are trusted; without one, the JDK's.
 *
 * <p><b>How long a revoked token may still pass.</b> Validation answers are cached, keyed by the
 * SHA-256 of the token, for the configured TTL (30 s by default, at most 5 minutes; 0 disables the
 * cache) and never past the token's own expiry. A token revoked by any other path (an admin revoke,
 * a logout through another service, a deactivated account, a role change) may therefore still be
 * accepted here for at most the TTL after the request that last validated it against the identity
 * service was sent. A {@link #logout} through this client removes the token from the cache at once,
 * whatever the identity service answers. Refusals ({@code valid:false}) are cached for the TTL as
 * well: a refused token never becomes valid.
 *
 * <p><b>Failures.</b> The identity service's refusals come back as its own {@link DomainException}s
 * with its message: 400 {@code InvalidInput}, 401 {@code Unauthenticated} ({@code invalid
 * credentials}, {@code totp required}), 403 {@code Forbidden}, 429 {@code TooManyRequests} with its
 * {@code Retry-After}. Anything else — another status, a connection refused, a TLS failure, a
 * timeout, an answer we cannot read — is {@code Unavailable("identity service unavailable")},
 * logged at WARN with the cause (never a token or password) and never cached.
 *
 * <p><b>Source address.</b> The identity service takes the client address from the socket, so it
 * sees this service's address for every login made through it: its per-address login rate limit
 * applies to all of this service's users together. The caller's address given to {@link #login} is
 * not sent.
 *
 * <p>Thread-safe; one instance per relying service.
 */
public final class RestIdentityProvider implements IdentityProvider {

  static final String UNAVAILABLE = "identity service unavailable";
  static final String INVALID_TOKEN = "invalid or expired token";
  static final String MISSING_TOKEN = "missing token";
  static final String LOGIN = "/v1/auth/login";
  static final String VALIDATE = "/v1/token/validate";
  static final String LOGOUT = "/v1/auth/logout";
  static final String HEALTH = "/v1/health";

  /** The identity service refuses longer tokens anyway; we do not ship them across the network. */
  static final int MAX_TOKEN_LENGTH = 8 * 1024;

  static final int MAX_RESPONSE_BYTES = 64 * 1024;
  private static final int MAX_MESSAGE_LENGTH = 200;
  private static final long MAX_RETRY_AFTER_SECONDS = 24 * 3600;

  /** A compact JWS: three base64url parts. Anything else cannot be valid and is not sent. */
  private static final Pattern COMPACT_JWS =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

  private static final Logger LOG = LoggerFactory.getLogger(RestIdentityProvider.class);

  private final IdentityClientSettings settings;
  private final Clock clock;
  private final HttpsClient http;
  private final ObjectMapper json;
  private final ValidationCache<TokenValidation> cache;

  /**
   * Sets up TLS and the cache; makes no call yet.
   *
   * @throws IllegalArgumentException when the CA certificate file is missing or holds no
   *     certificate (the message names the file)
   */
  public RestIdentityProvider(IdentityClientSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /** With the clock that ages cache entries (tests move it by hand). */
  RestIdentityProvider(IdentityClientSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = new HttpsClient(settings.caCertificate(), settings.connectTimeout());
    this.json =
        new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    this.cache = new ValidationCache<>(settings.cacheSize());
  }

  @Override
  public IssuedToken login(
      String username, char[] password, String totpCode, String sourceAddress) {
    // The same checks and messages as the identity service's own door and the in-process
    // adapter; the command only refers to the caller's array, it does not copy it.
    LoginCommand command =
        new LoginCommand(
            username, password, totpCode, settings.serviceName(), settings.tags(), sourceAddress);
    Reply reply;
    try (LoginRequestBody body = LoginRequestBody.of(command)) {
      reply =
          send(
              LOGIN,
              request(LOGIN)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes(), 0, body.length())));
    }
    if (reply.status() != 200) {
      throw refusal(LOGIN, reply);
    }
    JsonNode answer = readJson(LOGIN, reply);
    try {
      String token = text(answer, "token");
      Instant expiresAt = Instant.parse(text(answer, "expires_at"));
      // The answer has no jti; the token the identity service has just signed for us holds it.
      return new IssuedToken(token, TokenPayload.read(token, json).jti(), expiresAt);
    } catch (TokenPayload.Unreadable | RuntimeException e) {
      throw unavailable(LOGIN, "unreadable answer (HTTP 200)", null);
    }
  }

  @Override
  public TokenValidation validate(String token) {
    return validate(token, null);
  }

  /**
   * Sends {@code audience} with the token, so the identity service itself refuses a token for
   * another service; the answer's {@code aud} is checked again here. Null checks none.
   */
  @Override
  public TokenValidation validate(String token, String audience) {
    if (!wellFormed(token)) {
      return new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED);
    }
    // The answer depends on the audience asked for, so the audience is part of the key.
    String key = ValidationCache.keyOf(token) + (audience == null ? "" : " " + audience);
    // The cache entry ages from when we asked, so the revocation bound holds from that moment.
    Instant asked = clock.instant();
    TokenValidation cached = cache.get(key, asked);
    if (cached != null) {
      return cached;
    }
    TokenValidation answer = askIdentityService(token, audience);
    // Reused for at most the TTL, and a valid answer never past the token's own expiry. Refusals
    // are kept for the TTL too: a token the identity service refused never becomes valid again.
    Instant until = asked.plus(settings.cacheTtl());
    if (answer instanceof TokenValidation.Valid valid
        && valid.claims().expiresAt().isBefore(until)) {
      until = valid.claims().expiresAt();
    }
    cache.put(key, answer, asked, until);
    return answer;
  }

  /** Asks the identity service's liveness ({@code GET /v1/health}); never cached. */
  @Override
  public void checkReachable() {
    Reply reply = send(HEALTH, request(HEALTH).GET());
    if (reply.status() != 200) {
      throw unavailable(HEALTH, "HTTP " + reply.status(), null);
    }
  }

  @Override
  public void logout(String token, String sourceAddress) {
    if (token == null || token.isBlank()) {
      throw new DomainException.Unauthenticated(MISSING_TOKEN);
    }
    if (!wellFormed(token)) {
      throw new DomainException.Unauthenticated(INVALID_TOKEN);
    }
    try {
      Reply reply =
          send(
              LOGOUT,
              request(LOGOUT)
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody()));
      if (reply.status() != 200) {
        throw refusal(LOGOUT, reply);
      }
    } finally {
      // Whatever the answer, the next validation of this token asks the identity service.
      cache.evict(ValidationCache.keyOf(token));
    }
  }

  @Override
  public String serviceName() {
    return settings.serviceName();
  }

  @Override
  public String toString() {
    return "RestIdentityProvider["
        + settings.baseUrl()
        + ", service="
        + settings.serviceName()
        + "]";
  }

  /** Answers currently cached (for tests). */
  int cachedAnswers() {
    return cache.size();
  }

  private TokenValidation askIdentityService(String token, String audience) {
    byte[] body;
    try {
      body =
          json.writeValueAsBytes(
              audience == null
                  ? Map.of("token", token)
                  : Map.of("token", token, "audience", audience));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of one string always serialises", e);
    }
    Reply reply;
    try {
      reply = send(VALIDATE, request(VALIDATE).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    } finally {
      Arrays.fill(body, (byte) 0);
    }
    if (reply.status() != 200) {
      // Validation answers 200 for every token, good or bad: any other status means trouble.
      throw unavailable(VALIDATE, "HTTP " + reply.status(), null);
    }
    JsonNode answer = readJson(VALIDATE, reply);
    JsonNode valid = answer.get("valid");
    if (valid == null || !valid.isBoolean()) {
      throw unavailable(VALIDATE, "unreadable answer (HTTP 200)", null);
    }
    if (!valid.booleanValue()) {
      // The wire answer carries no reason (doors answer only valid=false); REVOKED stands for
      // "the identity service no longer honours it".
      return new TokenValidation.Invalid(TokenValidation.Reason.REVOKED);
    }
    UUID accountId;
    String username;
    Set<Role> roles;
    AccountType accountType;
    Instant expiresAt;
    String aud;
    try {
      aud = text(answer, "aud");
      accountId = UUID.fromString(text(answer, "sub"));
      username = text(answer, "username");
      roles = roles(answer.get("roles"));
      accountType = AccountType.fromWire(text(answer, "account_type"));
      expiresAt = Instant.parse(text(answer, "expires_at"));
    } catch (RuntimeException e) {
      throw unavailable(VALIDATE, "unreadable answer (HTTP 200)", null);
    }
    TokenPayload payload;
    try {
      payload = TokenPayload.read(token, json);
    } catch (TokenPayload.Unreadable e) {
      return new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED);
    }
    if (!payload.subject().equals(accountId.toString()) || !aud.equals(payload.audience())) {
      // The payload is only trusted because the identity service vouched for this very token;
      // if it disagrees with the answer, trust neither.
      return new TokenValidation.Invalid(TokenValidation.Reason.MALFORMED);
    }
    TokenValidation vouched =
        new TokenValidation.Valid(
            new TokenClaims(
                accountId,
                username,
                roles,
                accountType,
                payload.jti(),
                payload.issuer(),
                payload.issuedAt(),
                expiresAt,
                aud));
    if (audience != null && !audience.equals(aud)) {
      // The identity service should have refused it already; never trust that alone.
      return new TokenValidation.Invalid(TokenValidation.Reason.WRONG_AUDIENCE);
    }
    return vouched;
  }

  private static boolean wellFormed(String token) {
    return token != null
        && token.length() <= MAX_TOKEN_LENGTH
        && COMPACT_JWS.matcher(token).matches();
  }

  private HttpRequest.Builder request(String path) {
    // No HttpRequest.timeout: send() bounds the whole exchange itself (connect to last byte), and
    // a second bound on the same time would race it and report the same failure two ways.
    return HttpRequest.newBuilder(settings.endpoint(path))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
  }

  private record Reply(int status, HttpHeaders headers, byte[] body) {}

  /** One exchange, bounded in time from connecting to the last byte of the answer. */
  private Reply send(String path, HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> response =
          http.exchange(request.build(), settings.requestTimeout(), MAX_RESPONSE_BYTES);
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (HttpsClient.Failure e) {
      Throwable cause = e.getCause();
      throw unavailable(path, cause == null ? e.getMessage() : describe(cause), cause);
    }
  }

  /** A 4xx the identity service meant for our caller, with its message; anything else is ours. */
  private DomainException refusal(String path, Reply reply) {
    String message = errorMessage(reply);
    if (message != null) {
      switch (reply.status()) {
        case 400:
          return new DomainException.InvalidInput(message);
        case 401:
          return new DomainException.Unauthenticated(message);
        case 403:
          return new DomainException.Forbidden(message);
        case 429:
          return new DomainException.TooManyRequests(message, retryAfter(reply.headers()));
        default:
          break;
      }
    }
    return unavailable(path, "HTTP " + reply.status(), null);
  }

  /**
   * The {@code error} of an error answer, cut short and stripped of control characters since it is
   * passed on to our own clients; null when there is none.
   */
  private String errorMessage(Reply reply) {
    JsonNode error;
    try {
      error = json.readTree(reply.body()).get("error");
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (error == null || !error.isTextual()) {
      return null;
    }
    StringBuilder clean = new StringBuilder();
    String text = error.asText();
    for (int i = 0; i < text.length() && clean.length() < MAX_MESSAGE_LENGTH; i++) {
      char c = text.charAt(i);
      clean.append(Character.isISOControl(c) ? ' ' : c);
    }
    String message = clean.toString().strip();
    return message.isEmpty() ? null : message;
  }

  private static Duration retryAfter(HttpHeaders headers) {
    long seconds = 1;
    try {
      seconds = Long.parseLong(headers.firstValue("Retry-After").orElse("1").strip());
    } catch (NumberFormatException httpDateOrGarbage) {
      // The identity service sends whole seconds; anything else gets the shortest wait.
    }
    return Duration.ofSeconds(Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, seconds)));
  }

  /** The answer as JSON; its bytes are wiped once parsed (a login answer holds a token). */
  private JsonNode readJson(String path, Reply reply) {
    try {
      JsonNode node = json.readTree(reply.body());
      if (node == null || !node.isObject()) {
        throw unavailable(path, "unreadable answer (HTTP " + reply.status() + ")", null);
      }
      return node;
    } catch (IOException e) {
      // Jackson's message may quote the answer, which may hold a token: log none of it.
      throw unavailable(path, "unreadable answer (HTTP " + reply.status() + ")", null);
    } finally {
      Arrays.fill(reply.body(), (byte) 0);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException(field);
    }
    return value.asText();
  }

  private static Set<Role> roles(JsonNode value) {
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException("roles");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (JsonNode role : value) {
      if (!role.isTextual()) {
        throw new IllegalArgumentException("roles");
      }
      roles.add(Role.fromWire(role.asText()));
    }
    return roles;
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getName() + (message == null ? "" : ": " + message);
  }

  private DomainException.Unavailable unavailable(String path, String detail, Throwable cause) {
    if (cause == null) {
      LOG.warn("{}: POST {}{} failed: {}", UNAVAILABLE, settings.baseUrl(), path, detail);
    } else {
      LOG.warn("{}: POST {}{} failed: {}", UNAVAILABLE, settings.baseUrl(), path, detail, cause);
    }
    return new DomainException.Unavailable(UNAVAILABLE);
  }
}
