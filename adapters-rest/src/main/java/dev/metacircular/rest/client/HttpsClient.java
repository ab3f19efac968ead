package dev.metacircular.rest.client;

import dev.metacircular.ports.client.PinnedTrust;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one HTTPS client stack of every REST client in this module (the crypto service's identity
 * provider and SSO login, the shell's and the control plane's service clients): TLS 1.2/1.3 with
 * the host name verified and only the {@link PinnedTrust pinned} CA trusted when one is given,
 * HTTP/1.1, no redirects followed, every exchange bounded in time from connecting to the last byte
 * and its answer bounded in size ({@link BoundedBody}). Public for the ACME client ({@code
 * rest.acmeclient}), which speaks RFC 8555 over the same stack.
 */
public final class HttpsClient {

  /** Why an exchange got no answer; {@code getCause()} is the transport's failure, if any. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean timedOut;

    private Failure(String message, Throwable cause, boolean timedOut) {
      super(message, cause);
      this.timedOut = timedOut;
    }

    /** True when the answer did not come within the exchange's time. */
    public boolean timedOut() {
      return timedOut;
    }
  }

  private final HttpClient http;

  /**
   * @param caFile PEM file with the CA certificate(s) to trust, or null for the JDK's trust store;
   *     a file that is missing or holds no certificate fails here, naming it
   */
  public HttpsClient(Path caFile, Duration connectTimeout) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(PinnedTrust.sslContext(caFile))
            .sslParameters(PinnedTrust.parameters())
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * One exchange. The request carries no {@code HttpRequest.timeout}: {@code timeout} bounds the
   * whole exchange here, and a second bound on the same time would race it and report the same
   * failure two ways. An answer larger than {@code maxBytes} is a failure.
   */
  public HttpResponse<byte[]> exchange(HttpRequest request, Duration timeout, int maxBytes)
      throws Failure {
    CompletableFuture<HttpResponse<byte[]>> pending =
        http.sendAsync(request, BoundedBody.handler(maxBytes));
    try {
      return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new Failure("no answer within " + timeout.toMillis() + " ms", null, true);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new Failure(cause.getClass().getSimpleName(), cause, false);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new Failure("interrupted", null, false);
    }
  }
}
