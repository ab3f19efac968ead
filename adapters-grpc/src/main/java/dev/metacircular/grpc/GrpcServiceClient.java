package dev.metacircular.grpc;

import com.google.protobuf.ByteString;
import dev.metacircular.grpc.proto.audit.v1.AuditServiceGrpc;
import dev.metacircular.grpc.proto.audit.v1.QueryRequest;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.client.AuditFollower;
import dev.metacircular.ports.client.SessionClient;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a gRPC client does the same way for both services: the login/logout flow (the token a login
 * answers is kept; a logout forgets it even when revoking it fails) and the shared {@code
 * metacircular.audit.v1.AuditService}. Each service's own {@code AuthService} (a different protobuf
 * package per service) makes the login and logout calls.
 */
abstract class GrpcServiceClient implements SessionClient, AuditFollower {
  final GrpcEndpoint endpoint;

  GrpcServiceClient(GrpcEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** {@code AuthService.Login}: the token issued. */
  abstract String issueToken(String username, ByteString password, String totpCode);

  /** {@code AuthService.Logout}: revokes the current token. */
  abstract void revokeToken();

  @Override
  public final WhoAmI login(String username, char[] password, String totpCode) {
    endpoint.token().set(issueToken(username, GrpcEndpoint.secret(password), totpCode));
    return whoami();
  }

  @Override
  public final void logout() {
    try {
      revokeToken();
    } finally {
      endpoint.token().clear();
    }
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
