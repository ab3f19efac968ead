package dev.metacircular.apps.web;

import dev.metacircular.crypto.TlsCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A plain HTTPS client acting as one browser on the crypto pages: keeps the session cookie by hand
 * (so tests see every Set-Cookie), follows no redirect, reads the CSRF token from the last page.
 * Trusts only the test server's certificate.
 */
public final class PageClient {
  public static final String COOKIE = "__Host-metacrypt_session";
  private static final Pattern CSRF =
      Pattern.compile("name=\"csrf_token\" value=\"([A-Za-z0-9_-]+)\"");

  private final HttpClient http;
  private final URI base;
  private final String cookieName;
  public String cookie;
  public String csrf;

  /** A browser of the crypto service's pages. */
  public PageClient(String baseUrl, Path cert) {
    this(baseUrl, cert, COOKIE);
  }

  /** A browser of either service's pages: {@code cookieName} is that service's session cookie. */
  public PageClient(String baseUrl, Path cert, String cookieName) {
    this.base = URI.create(baseUrl + "/");
    this.cookieName = cookieName;
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(TlsCertificates.trustStoreFromPem(cert));
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      http =
          HttpClient.newBuilder()
              .sslContext(ssl)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path.substring(1))).GET(), false);
  }

  public HttpResponse<String> htmxGet(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path.substring(1))).GET(), true);
  }

  /** A form POST with this session's CSRF token in the hidden field. */
  public HttpResponse<String> submit(String path, String... pairs) {
    return post(path, false, true, pairs);
  }

  /** An htmx POST: the token in the header, {@code HX-Request: true}. */
  public HttpResponse<String> htmx(String path, String... pairs) {
    return post(path, true, true, pairs);
  }

  /** A form POST without any CSRF token. */
  public HttpResponse<String> forged(String path, String... pairs) {
    return post(path, false, false, pairs);
  }

  /**
   * A POST carrying {@code token} as given (a near miss, another session's): in the hidden field,
   * or with {@code inHeader} in the htmx header.
   */
  public HttpResponse<String> postWithToken(
      String path, String token, boolean inHeader, String... pairs) {
    StringBuilder body = new StringBuilder();
    if (!inHeader) {
      body.append("csrf_token=").append(enc(token));
    }
    appendPairs(body, pairs);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path.substring(1)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (inHeader) {
      b.header("X-CSRF-Token", token);
    }
    return send(b, inHeader);
  }

  private static void appendPairs(StringBuilder body, String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
    }
  }

  private HttpResponse<String> post(String path, boolean htmx, boolean token, String... pairs) {
    StringBuilder body = new StringBuilder();
    if (token && !htmx) {
      body.append("csrf_token=").append(csrf);
    }
    appendPairs(body, pairs);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path.substring(1)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (htmx && token) {
      b.header("X-CSRF-Token", csrf);
    }
    return send(b, htmx);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, boolean htmx) {
    b.header("Accept", "text/html").timeout(Duration.ofSeconds(30));
    if (htmx) {
      b.header("HX-Request", "true");
    }
    if (cookie != null) {
      b.header("Cookie", cookieName + "=" + cookie);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (String set : r.headers().allValues("Set-Cookie")) {
        if (set.startsWith(cookieName + "=")) {
          String value = set.substring(cookieName.length() + 1, set.indexOf(';'));
          cookie = value.isEmpty() ? null : value;
        }
      }
      Matcher m = CSRF.matcher(r.body());
      if (m.find()) {
        csrf = m.group(1);
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Follows one redirect the way a browser does after a form (GET the Location). */
  public HttpResponse<String> follow(HttpResponse<String> redirect) {
    return get(redirect.headers().firstValue("Location").orElseThrow());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
