package dev.metacircular.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import dev.metacircular.grpc.proto.audit.v1.AuditServiceGrpc;
import dev.metacircular.grpc.proto.audit.v1.QueryRequest;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.client.Unreachable;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.AuditFollower;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.client.out.SessionClient;
import io.grpc.MethodDescriptor;
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

  /** {@code metacircular.policy.v1.PolicyService}: either service's own rules. */
  final RuleClient rules;

  private final MethodDescriptor<?, ?> login;
  private final MethodDescriptor<?, ?> logout;

  /**
   * @param login the service's own {@code AuthService.Login}: a request with {@code username},
   *     {@code password} and {@code totp_code}, an answer with {@code token} (the same fields on
   *     both services, in different protobuf packages, so they are filled by name here, once)
   * @param logout the service's own {@code AuthService.Logout}, which takes an empty request
   */
  GrpcServiceClient(
      GrpcEndpoint endpoint, MethodDescriptor<?, ?> login, MethodDescriptor<?, ?> logout) {
    this.endpoint = endpoint;
    this.rules = new GrpcRuleClient(endpoint);
    this.login = login;
    this.logout = logout;
  }

  @Override
  public final WhoAmI login(String username, char[] password, String totpCode) {
    Message.Builder request = prototype(login).newBuilderForType();
    Descriptors.Descriptor type = request.getDescriptorForType();
    request.setField(type.findFieldByName("username"), username);
    // A string field set from its UTF-8 bytes: the password never becomes a String here.
    request.setField(type.findFieldByName("password"), GrpcEndpoint.secret(password));
    if (totpCode != null) {
      request.setField(type.findFieldByName("totp_code"), totpCode);
    }
    Message answer = (Message) endpoint.call(() -> endpoint.unary(login, request.build(), false));
    endpoint
        .token()
        .set((String) answer.getField(answer.getDescriptorForType().findFieldByName("token")));
    return whoami();
  }

  @Override
  public final void logout() {
    try {
      endpoint.run(() -> endpoint.unary(logout, prototype(logout), true));
    } finally {
      endpoint.token().clear();
    }
  }

  /** The empty request message of {@code method} (generated methods marshal protobuf messages). */
  private static Message prototype(MethodDescriptor<?, ?> method) {
    return (Message)
        ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
            .getMessagePrototype();
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
