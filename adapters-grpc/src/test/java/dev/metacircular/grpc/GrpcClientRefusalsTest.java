package dev.metacircular.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metacircular.ports.client.BearerToken;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.error.DomainException;
import io.grpc.Metadata;
import io.grpc.Status;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gRPC status becomes the exception the REST client raises for the matching HTTP status (the
 * servers' own mapping in adapters-grpc's Statuses, read backwards), so the shell prints the same
 * line over either transport.
 */
class GrpcClientRefusalsTest {
  final GrpcEndpoint endpoint =
      GrpcEndpoint.of(URI.create("https://127.0.0.1:1"), null, new BearerToken());

  @AfterEach
  void close() {
    endpoint.close();
  }

  private RuntimeException refusal(Status status) {
    return endpoint.refusal(status.asRuntimeException());
  }

  @Test
  void eachRefusalIsTheRestClientsException() {
    assertThat(refusal(Status.INVALID_ARGUMENT.withDescription("bad")))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("bad");
    assertThat(refusal(Status.UNAUTHENTICATED.withDescription("invalid token")))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid token");
    assertThat(refusal(Status.PERMISSION_DENIED.withDescription("admin role required")))
        .isInstanceOf(DomainException.Forbidden.class)
        .hasMessage("admin role required");
    assertThat(refusal(Status.NOT_FOUND.withDescription("account x not found")))
        .isInstanceOf(DomainException.NotFound.class)
        .hasMessage("account x not found");
    assertThat(refusal(Status.ALREADY_EXISTS.withDescription("taken")))
        .isInstanceOf(DomainException.Conflict.class);
    assertThat(refusal(Status.FAILED_PRECONDITION.withDescription("not initialized")))
        .isInstanceOf(DomainException.PreconditionFailed.class)
        .hasMessage("not initialized");
    assertThat(refusal(Status.UNAVAILABLE.withDescription("sealed")))
        .isInstanceOf(DomainException.Unavailable.class)
        .hasMessage("sealed");
    assertThat(refusal(Status.INTERNAL.withDescription("internal error")))
        .isInstanceOf(Unreachable.class)
        .hasMessage("127.0.0.1:1 answered INTERNAL: internal error");
    assertThat(refusal(Status.DEADLINE_EXCEEDED))
        .isInstanceOf(Unreachable.class)
        .hasMessage("127.0.0.1:1 did not answer in time");
  }

  @Test
  void tooManyRequestsCarriesTheRetryAfterTrailer() {
    Metadata trailers = new Metadata();
    trailers.put(Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER), "7");
    RuntimeException e =
        endpoint.refusal(
            Status.RESOURCE_EXHAUSTED
                .withDescription("too many attempts")
                .asRuntimeException(trailers));
    assertThat(e)
        .isInstanceOf(DomainException.TooManyRequests.class)
        .hasMessage("too many attempts (retry in 7 s)");
    assertThat(((DomainException.TooManyRequests) e).retryAfterSeconds()).isEqualTo(7);
  }

  @Test
  void aFailedConnectionIsUnreachableNotTheServicesUnavailable() {
    assertThat(
            refusal(
                Status.UNAVAILABLE
                    .withDescription("io exception")
                    .withCause(new ConnectException("Connection refused"))))
        .isInstanceOf(Unreachable.class)
        .hasMessage("cannot reach 127.0.0.1:1 (ConnectException)");
    assertThat(
            refusal(
                Status.UNAVAILABLE
                    .withDescription("io exception")
                    .withCause(
                        new RuntimeException(
                            new SSLHandshakeException("PKIX path building failed")))))
        .isInstanceOf(Unreachable.class)
        .hasMessageStartingWith("TLS handshake with 127.0.0.1:1 failed");
  }

  @Test
  void aPasswordTravelsAsItsUtf8BytesAndAGrpcAddressIsHttpsHostPort() {
    assertThat(GrpcEndpoint.secret("pässwörd".toCharArray()).toByteArray())
        .isEqualTo("pässwörd".getBytes(StandardCharsets.UTF_8));
    assertThat(GrpcEndpoint.secret(null).isEmpty()).isTrue();
    for (String bad :
        new String[] {"http://127.0.0.1:9443", "https://127.0.0.1", "https://h:1/x"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> GrpcEndpoint.of(URI.create(bad), null, new BearerToken()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("https://host:port");
    }
  }

  @Test
  void callsNeedALoginBeforeAnythingIsSent() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new GrpcIdentityClient(endpoint).accounts())
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("not logged in (use: login USERNAME)");
  }
}
