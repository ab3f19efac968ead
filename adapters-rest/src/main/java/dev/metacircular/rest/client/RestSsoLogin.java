package dev.metacircular.rest.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metacircular.ports.delegation.out.SsoLogin;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSO client side over HTTPS: builds the authorization URL and exchanges codes at the identity
 * service's {@code POST /v1/sso/token} (form-encoded, {@code client_secret_post}), TLS 1.2/1.3
 * only, no redirects followed, bounded answers. The client secret is percent-encoded straight from
 * its {@code char[]} into the request bytes, which are wiped once sent.
 *
 * <p>An {@code invalid_grant} or {@code invalid_request} answer is the code's fault (expired,
 * reused, wrong verifier): {@code Unauthenticated("sso login failed")}. Anything else — {@code
 * invalid_client} (a wrong secret or client id is a configuration error), another status, no answer
 * — is {@code Unavailable("identity service unavailable")} and logged with the OAuth error code
 * (never the code or the secret).
 */
public final class RestSsoLogin implements SsoLogin {

  static final String FAILED = "sso login failed";
  static final int MAX_CODE_LENGTH = 512;
  private static final Logger LOG = LoggerFactory.getLogger(RestSsoLogin.class);

  private final SsoClientSettings settings;
  private final HttpsClient http;
  private final ObjectMapper json =
      new ObjectMapper(
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  public RestSsoLogin(SsoClientSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.http = new HttpsClient(settings.caCertificate(), settings.connectTimeout());
  }

  @Override
  public URI authorizationUrl(String state, String codeChallenge) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    return URI.create(
        settings.authorizeEndpoint()
            + "?response_type=code"
            + "&client_id="
            + SsoClientSettings.form(settings.clientId())
            + "&redirect_uri="
            + SsoClientSettings.form(settings.redirectUri().toString())
            + "&state="
            + SsoClientSettings.form(state)
            + "&code_challenge="
            + SsoClientSettings.form(codeChallenge)
            + "&code_challenge_method=S256");
  }

  @Override
  public URI redirectUri() {
    return settings.redirectUri();
  }

  @Override
  public IssuedToken exchange(String code, String codeVerifier) {
    if (code == null || code.isEmpty() || code.length() > MAX_CODE_LENGTH) {
      throw new DomainException.Unauthenticated(FAILED);
    }
    byte[] body = body(code, codeVerifier);
    HttpResponse<byte[]> response;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(settings.tokenEndpoint())
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      response =
          http.exchange(
              request, settings.requestTimeout(), RestIdentityProvider.MAX_RESPONSE_BYTES);
    } catch (HttpsClient.Failure e) {
      throw unavailable(e.getMessage());
    } finally {
      Arrays.fill(body, (byte) 0);
    }
    JsonNode answer = read(response.body());
    if (response.statusCode() == 200) {
      JsonNode token = answer == null ? null : answer.get("access_token");
      JsonNode expires = answer == null ? null : answer.get("expires_at");
      JsonNode jti = answer == null ? null : answer.get("jti");
      if (token == null
          || !token.isTextual()
          || expires == null
          || !expires.isTextual()
          || jti == null
          || !jti.isTextual()) {
        throw unavailable("a token answer without access_token, expires_at or jti");
      }
      try {
        return new IssuedToken(token.asText(), jti.asText(), Instant.parse(expires.asText()));
      } catch (RuntimeException e) {
        throw unavailable("an unreadable expires_at");
      }
    }
    String error =
        answer != null && answer.path("error").isTextual() ? answer.get("error").asText() : "";
    if (response.statusCode() == 400
        && (error.equals("invalid_grant") || error.equals("invalid_request"))) {
      LOG.atInfo().addKeyValue("error", error).log("sso code refused by the identity service");
      throw new DomainException.Unauthenticated(FAILED);
    }
    throw unavailable(
        "status "
            + response.statusCode()
            + (error.isEmpty() ? "" : " (" + error.replaceAll("[^a-z_]", "") + ")"));
  }

  private JsonNode read(byte[] body) {
    try {
      return body == null || body.length == 0 ? null : json.readTree(body);
    } catch (IOException e) {
      return null;
    } finally {
      if (body != null) {
        Arrays.fill(body, (byte) 0);
      }
    }
  }

  private byte[] body(String code, String codeVerifier) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(
        ("grant_type=authorization_code"
                + "&code="
                + SsoClientSettings.form(code)
                + "&redirect_uri="
                + SsoClientSettings.form(settings.redirectUri().toString())
                + (codeVerifier == null
                    ? ""
                    : "&code_verifier=" + SsoClientSettings.form(codeVerifier))
                + "&client_id="
                + SsoClientSettings.form(settings.clientId())
                + "&client_secret=")
            .getBytes(StandardCharsets.US_ASCII));
    char[] secret = settings.clientSecret();
    ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
    Arrays.fill(secret, '\0');
    while (utf8.hasRemaining()) {
      int b = utf8.get() & 0xff;
      if ((b >= 'a' && b <= 'z')
          || (b >= 'A' && b <= 'Z')
          || (b >= '0' && b <= '9')
          || b == '-'
          || b == '_'
          || b == '.'
          || b == '~') {
        out.write(b);
      } else {
        out.write('%');
        out.write(Character.toUpperCase(Character.forDigit(b >> 4, 16)));
        out.write(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    if (utf8.hasArray()) {
      Arrays.fill(utf8.array(), (byte) 0);
    }
    // toByteArray copies; the stream's own buffer is dropped with it (it only ever held ASCII
    // escapes of the secret, which we cannot reach to wipe).
    return out.toByteArray();
  }

  private DomainException unavailable(String why) {
    LOG.atWarn()
        .addKeyValue("endpoint", settings.tokenEndpoint().toString())
        .addKeyValue("cause", why)
        .log("sso token exchange failed");
    return new DomainException.Unavailable(RestIdentityProvider.UNAVAILABLE);
  }
}
