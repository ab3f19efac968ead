package dev.metacircular.apps.shell.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import dev.metacircular.grpc.proto.mcias.v1.AccountServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AdminServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.CreateAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.DeleteAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.GetAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.HealthRequest;
import dev.metacircular.grpc.proto.mcias.v1.IssueServiceTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.IssueServiceTokenResponse;
import dev.metacircular.grpc.proto.mcias.v1.ListAccountsRequest;
import dev.metacircular.grpc.proto.mcias.v1.ListTokensRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.grpc.proto.mcias.v1.LogoutRequest;
import dev.metacircular.grpc.proto.mcias.v1.RevokeTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.SetRolesRequest;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.UpdateAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenResponse;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The identity service's gRPC API ({@code metacircular.mcias.v1}, docs/grpc.md). */
public final class GrpcIdentityClient extends GrpcServiceClient implements IdentityClient {
  private final RuleClient rules;

  public GrpcIdentityClient(GrpcEndpoint endpoint) {
    super(endpoint);
    this.rules = new GrpcRuleClient(endpoint);
  }

  private AccountServiceGrpc.AccountServiceBlockingStub accountsStub() {
    return endpoint.authed(AccountServiceGrpc::newBlockingStub);
  }

  private TokenServiceGrpc.TokenServiceBlockingStub tokensStub() {
    return endpoint.authed(TokenServiceGrpc::newBlockingStub);
  }

  @Override
  String issueToken(String username, ByteString password, String totpCode) {
    LoginRequest.Builder request =
        LoginRequest.newBuilder().setUsername(username).setPasswordBytes(password);
    if (totpCode != null) {
      request.setTotpCode(totpCode);
    }
    return endpoint
        .call(() -> endpoint.open(AuthServiceGrpc::newBlockingStub).login(request.build()))
        .getToken();
  }

  @Override
  void revokeToken() {
    endpoint.run(
        () ->
            endpoint
                .authed(AuthServiceGrpc::newBlockingStub)
                .logout(LogoutRequest.getDefaultInstance()));
  }

  @Override
  public WhoAmI whoami() {
    return validate(endpoint.token().require())
        .orElseThrow(
            () ->
                new DomainException.Unauthenticated(
                    "the session token is no longer valid (log in again)"));
  }

  @Override
  public String health() {
    String status =
        endpoint
            .call(
                () ->
                    endpoint
                        .quick(AdminServiceGrpc::newBlockingStub)
                        .health(HealthRequest.getDefaultInstance()))
            .getStatus();
    return status.isEmpty() ? "unknown" : status;
  }

  @Override
  public List<Account> accounts() {
    List<Account> out = new ArrayList<>();
    for (var a :
        endpoint
            .call(() -> accountsStub().listAccounts(ListAccountsRequest.getDefaultInstance()))
            .getAccountsList()) {
      out.add(GrpcForms.account(a));
    }
    return out;
  }

  @Override
  public Account account(UUID id) {
    return GrpcForms.account(
        endpoint.call(
            () ->
                accountsStub()
                    .getAccount(GetAccountRequest.newBuilder().setId(id.toString()).build())));
  }

  @Override
  public Account create(CreateAccountCommand command) {
    CreateAccountRequest.Builder request =
        CreateAccountRequest.newBuilder()
            .setUsername(command.username())
            .setAccountType(command.type().wireName())
            .addAllRoles(command.roles().stream().map(Role::wireName).sorted().toList());
    if (command.password() != null) {
      request.setPasswordBytes(GrpcEndpoint.secret(command.password()));
    }
    return GrpcForms.account(endpoint.call(() -> accountsStub().createAccount(request.build())));
  }

  @Override
  public Account update(UUID id, UpdateAccountCommand command) {
    UpdateAccountRequest.Builder request = UpdateAccountRequest.newBuilder().setId(id.toString());
    if (command.status() != null) {
      request.setStatus(command.status().wireName());
    }
    if (command.password() != null) {
      request.setPasswordBytes(GrpcEndpoint.secret(command.password()));
    }
    return GrpcForms.account(endpoint.call(() -> accountsStub().updateAccount(request.build())));
  }

  @Override
  public void delete(UUID id) {
    endpoint.run(
        () ->
            accountsStub()
                .deleteAccount(DeleteAccountRequest.newBuilder().setId(id.toString()).build()));
  }

  @Override
  public Set<Role> setRoles(UUID id, Set<Role> roles) {
    SetRolesRequest request =
        SetRolesRequest.newBuilder()
            .setId(id.toString())
            .addAllRoles(roles.stream().map(Role::wireName).sorted().toList())
            .build();
    Set<Role> out = EnumSet.noneOf(Role.class);
    for (String r : endpoint.call(() -> accountsStub().setRoles(request)).getRolesList()) {
      try {
        out.add(Role.fromWire(r));
      } catch (RuntimeException e) {
        throw GrpcForms.malformed("role", e);
      }
    }
    return out;
  }

  @Override
  public IssuedToken issueServiceToken(UUID accountId, java.time.Duration ttl, String serviceName) {
    IssueServiceTokenRequest.Builder request =
        IssueServiceTokenRequest.newBuilder().setAccountId(accountId.toString());
    if (serviceName != null) {
      request.setServiceName(serviceName);
    }
    if (ttl != null) {
      request.setTtl(Duration.newBuilder().setSeconds(ttl.toSeconds()));
    }
    IssueServiceTokenResponse n =
        endpoint.call(() -> tokensStub().issueServiceToken(request.build()));
    return new IssuedToken(n.getToken(), n.getJti(), GrpcForms.instant(n.getExpiresAt()));
  }

  @Override
  public void revokeToken(String jti, String reason) {
    RevokeTokenRequest.Builder request = RevokeTokenRequest.newBuilder().setJti(jti);
    if (reason != null) {
      request.setReason(reason);
    }
    endpoint.run(() -> tokensStub().revokeToken(request.build()));
  }

  @Override
  public List<TokenRecord> tokens(UUID accountId) {
    List<TokenRecord> out = new ArrayList<>();
    for (var t :
        endpoint
            .call(
                () ->
                    tokensStub()
                        .listTokens(
                            ListTokensRequest.newBuilder()
                                .setAccountId(accountId.toString())
                                .build()))
            .getTokensList()) {
      out.add(GrpcForms.tokenRecord(t, accountId));
    }
    return out;
  }

  @Override
  public Optional<WhoAmI> validate(String token) {
    ValidateTokenResponse n =
        endpoint.call(
            () ->
                endpoint
                    .open(TokenServiceGrpc::newBlockingStub)
                    .validateToken(ValidateTokenRequest.newBuilder().setToken(token).build()));
    if (!n.getValid()) {
      return Optional.empty();
    }
    return Optional.of(
        new WhoAmI(
            n.getSub(),
            n.getUsername(),
            n.getRolesList(),
            n.getAccountType(),
            n.hasExpiresAt() ? GrpcForms.instant(n.getExpiresAt()) : null));
  }

  @Override
  public RuleClient loginPolicy() {
    return rules;
  }
}
