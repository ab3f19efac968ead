package dev.metacircular.web.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A tiny browser for handler tests: keeps the session cookie it is given (by hand, so tests see
 * every Set-Cookie), follows no redirects, and reads the CSRF token out of the last page.
 */
public final class WebClient {
  private static final Pattern CSRF =
      Pattern.compile("name=\"csrf_token\" value=\"([A-Za-z0-9_-]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final String cookieName;
  public String cookie;
  public String csrf;

  public WebClient(URI base, String cookieName) {
    this.base = base;
    this.cookieName = cookieName;
  }

  public HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").GET(), true);
  }

  /** A form POST; {@code fields} are URL-encoded in order. */
  public HttpResponse<String> post(String path, Map<String, String> fields, String... headers) {
    String body =
        fields.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Accept", "text/html")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b, false);
  }

  /** A form POST carrying this session's CSRF token as a hidden field. */
  public HttpResponse<String> submit(String path, String... pairs) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("csrf_token", csrf);
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put(pairs[i], pairs[i + 1]);
    }
    return post(path, fields);
  }

  public HttpResponse<String> send(HttpRequest.Builder b, boolean readCsrf) {
    if (cookie != null) {
      b.header("Cookie", cookieName + "=" + cookie);
    }
    try {
      HttpResponse<String> r =
          http.send(
              b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      for (String set : r.headers().allValues("Set-Cookie")) {
        if (set.startsWith(cookieName + "=")) {
          String value = set.substring(cookieName.length() + 1, set.indexOf(';'));
          cookie = value.isEmpty() ? null : value;
        }
      }
      Matcher m = CSRF.matcher(r.body());
      if (readCsrf && m.find()) {
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

  public static List<String> setCookies(HttpResponse<?> r) {
    return r.headers().allValues("Set-Cookie");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
