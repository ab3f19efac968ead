package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import dev.metacircular.grpc.proto.audit.v1.AuditServiceGrpc;
import dev.metacircular.grpc.proto.audit.v1.QueryRequest;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.client.AuditFollower;
import dev.metacircular.ports.client.SessionClient;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
import io.grpc.ManagedChannel;
import io.grpc.stub.AbstractStub;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a gRPC client does the same way for both services: the login/logout flow (the token a login
 * answers is kept; a logout forgets it even when revoking it fails) and the shared {@code
 * metacircular.audit.v1.AuditService}. Each service's own {@code AuthService} (a different protobuf
 * package per service) makes the login and logout calls.
 */
abstract class GrpcServiceClient implements SessionClient, AuditFollower {
  final GrpcEndpoint endpoint;
  private final AuthCalls<?> auth;

  /**
   * One service's own {@code AuthService} (each service has its own protobuf package, so its own
   * stub and message classes): its stub, its {@code LoginRequest} builder, and the {@code Login}
   * and {@code Logout} calls. Both services' {@code LoginRequest} have the same fields ({@code
   * username}, {@code password}, {@code totp_code}), filled here once for both.
   */
  record AuthCalls<S extends AbstractStub<S>>(
      Function<ManagedChannel, S> stub,
      Supplier<Message.Builder> loginRequest,
      BiFunction<S, Message, String> login,
      Consumer<S> logout) {}

  GrpcServiceClient(GrpcEndpoint endpoint, AuthCalls<?> auth) {
    this.endpoint = endpoint;
    this.auth = auth;
  }

  @Override
  public final WhoAmI login(String username, char[] password, String totpCode) {
    endpoint.token().set(issueToken(auth, username, GrpcEndpoint.secret(password), totpCode));
    return whoami();
  }

  @Override
  public final void logout() {
    try {
      revokeToken(auth);
    } finally {
      endpoint.token().clear();
    }
  }

  /** {@code AuthService.Login}: the token issued. */
  private <S extends AbstractStub<S>> String issueToken(
      AuthCalls<S> calls, String username, ByteString password, String totpCode) {
    Message.Builder request = calls.loginRequest().get();
    Descriptors.Descriptor type = request.getDescriptorForType();
    request.setField(type.findFieldByName("username"), username);
    // A string field set from UTF-8 bytes: the password never becomes a String on this side.
    request.setField(type.findFieldByName("password"), password);
    if (totpCode != null) {
      request.setField(type.findFieldByName("totp_code"), totpCode);
    }
    Message built = request.build();
    return endpoint.call(() -> calls.login().apply(endpoint.open(calls.stub()), built));
  }

  /** {@code AuthService.Logout}: revokes the current token. */
  private <S extends AbstractStub<S>> void revokeToken(AuthCalls<S> calls) {
    endpoint.run(() -> calls.logout().accept(endpoint.authed(calls.stub())));
  }

  @Override
  public final Following follow(
      long afterId, Consumer<AuditEvent> sink, Consumer<RuntimeException> failed) {
    return endpoint.tail(afterId, sink, failed);
  }

  /** {@code AuditService.Query}: matching audit events, newest first. */
  public final List<AuditEvent> audit(AuditFilter filter) {
    QueryRequest.Builder q = QueryRequest.newBuilder().setLimit(filter.limit());
    if (filter.actorOrSubject() != null) {
      q.setAccount(filter.actorOrSubject());
    }
    if (filter.type() != null) {
      q.setType(filter.type());
    }
    if (filter.since() != null) {
      q.setSince(Wire.timestamp(filter.since()));
    }
    List<AuditEvent> out = new ArrayList<>();
    for (var e :
        endpoint
            .call(() -> endpoint.authed(AuditServiceGrpc::newBlockingStub).query(q.build()))
            .getEventsList()) {
      out.add(event(e));
    }
    return out;
  }

  /** The reverse of {@link AuditGrpcService#event}. */
  static AuditEvent event(dev.metacircular.grpc.proto.audit.v1.AuditEvent e) {
    try {
      return new AuditEvent(
          e.getId(),
          Wire.instant(e.getTime()),
          e.getType(),
          e.getActor(),
          e.getSubject(),
          e.getSourceAddress(),
          new LinkedHashMap<>(e.getDetailsMap()));
    } catch (RuntimeException ex) {
      throw malformed("audit event", ex);
    }
  }

  /** An answer without the documented shape: "not its API", never a crash. */
  static Unreachable malformed(String what, RuntimeException cause) {
    return new Unreachable(
        "the service answered a malformed " + what + " (" + cause.getMessage() + ")");
  }
}
