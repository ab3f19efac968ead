package dev.metacircular.grpc;

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
import dev.metacircular.grpc.proto.mcias.v1.RevokeTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.SetRolesRequest;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.UpdateAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenResponse;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.client.WhoAmI;
import dev.metacircular.ports.client.out.IdentityClient;
import dev.metacircular.ports.client.out.RuleClient;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The identity service's gRPC API ({@code metacircular.mcias.v1}, docs/grpc.md) as a client calls
 * it.
 */
public final class GrpcIdentityClient extends GrpcServiceClient implements IdentityClient {
  public GrpcIdentityClient(GrpcEndpoint endpoint) {
    super(endpoint, AuthServiceGrpc.getLoginMethod(), AuthServiceGrpc.getLogoutMethod());
  }

  private AccountServiceGrpc.AccountServiceBlockingStub accountsStub() {
    return endpoint.authed(AccountServiceGrpc::newBlockingStub);
  }

  private TokenServiceGrpc.TokenServiceBlockingStub tokensStub() {
    return endpoint.authed(TokenServiceGrpc::newBlockingStub);
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
      out.add(account(a));
    }
    return out;
  }

  @Override
  public Account account(UUID id) {
    return account(
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
    return account(endpoint.call(() -> accountsStub().createAccount(request.build())));
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
    return account(endpoint.call(() -> accountsStub().updateAccount(request.build())));
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
        throw malformed("role", e);
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
    return new IssuedToken(n.getToken(), n.getJti(), Wire.instant(n.getExpiresAt()));
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
      out.add(tokenRecord(t, accountId));
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
            n.hasExpiresAt() ? Wire.instant(n.getExpiresAt()) : null));
  }

  @Override
  public RuleClient loginPolicy() {
    return rules;
  }

  /** The reverse of {@link IdentityAccountService#account}. */
  private static Account account(dev.metacircular.grpc.proto.mcias.v1.Account a) {
    try {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (String r : a.getRolesList()) {
        roles.add(Role.fromWire(r));
      }
      return new Account(
          UUID.fromString(a.getId()),
          a.getUsername(),
          AccountType.fromWire(a.getAccountType()),
          AccountStatus.fromWire(a.getStatus()),
          roles,
          a.getTotpEnabled(),
          Wire.instant(a.getCreatedAt()),
          Wire.instant(a.getUpdatedAt()));
    } catch (RuntimeException e) {
      throw malformed("account", e);
    }
  }

  private static TokenRecord tokenRecord(
      dev.metacircular.grpc.proto.mcias.v1.TokenRecord t, UUID accountId) {
    try {
      return new TokenRecord(
          t.getJti(),
          accountId,
          TokenRecord.Kind.valueOf(t.getKind().toUpperCase(Locale.ROOT)),
          Wire.instant(t.getIssuedAt()),
          Wire.instant(t.getExpiresAt()),
          t.hasRevokedAt() ? Wire.instant(t.getRevokedAt()) : null,
          "");
    } catch (RuntimeException e) {
      throw malformed("token record", e);
    }
  }
}
