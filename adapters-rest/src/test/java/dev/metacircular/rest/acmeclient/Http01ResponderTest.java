package dev.metacircular.rest.acmeclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP-01 responder answers the current order's tokens and nothing else, and frees its port
 * when closed.
 */
class Http01ResponderTest {
  private static final String TOKEN = "evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void onlyTheTokensOfTheOrderAreAnsweredAndTheRestIs404() throws Exception {
    try (Http01Responder responder =
        Http01Responder.open(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Map.of(TOKEN, TOKEN + ".thumb"))) {
      String base = "http://127.0.0.1:" + responder.port();
      HttpResponse<String> ok = get(base + Http01Responder.PREFIX + TOKEN, "GET");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo(TOKEN + ".thumb");
      assertThat(
              get(base + Http01Responder.PREFIX + "another-token-of-another", "GET").statusCode())
          .isEqualTo(404);
      assertThat(get(base + "/", "GET").statusCode()).isEqualTo(404);
      assertThat(get(base + "/.well-known/acme-challenge/", "GET").statusCode()).isEqualTo(404);
      assertThat(get(base + Http01Responder.PREFIX + TOKEN + "?x=1", "GET").statusCode())
          .isEqualTo(404);
      assertThat(get(base + Http01Responder.PREFIX + TOKEN, "POST").statusCode()).isEqualTo(404);
      assertThat(get(base + Http01Responder.PREFIX + TOKEN, "HEAD").statusCode()).isEqualTo(200);
      int port = responder.port();
      responder.close();
      assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/", "GET"))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void aPortItCannotOpenIsNamedInTheError() throws Exception {
    try (Http01Responder first =
        Http01Responder.open(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Map.of())) {
      InetSocketAddress taken =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), first.port());
      assertThatThrownBy(() -> Http01Responder.open(taken, Map.of()))
          .hasMessageStartingWith("cannot open the HTTP-01 responder on 127.0.0.1:" + first.port());
    }
  }

  @Test
  void tokensThatAreNotBase64UrlAreNotTaken() {
    assertThat(Http01Responder.TOKEN.matcher(TOKEN).matches()).isTrue();
    assertThat(Http01Responder.TOKEN.matcher("../../etc/passwd-aaaaaaaaaa").matches()).isFalse();
    assertThat(Http01Responder.TOKEN.matcher("short").matches()).isFalse();
  }

  private static HttpResponse<String> get(String url, String method) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
