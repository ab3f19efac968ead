package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcias.v1.Account;
import dev.metacircular.grpc.proto.mcias.v1.AccountServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.CreateAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.DeleteAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.DeleteAccountResponse;
import dev.metacircular.grpc.proto.mcias.v1.GetAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.GetRolesRequest;
import dev.metacircular.grpc.proto.mcias.v1.ListAccountsRequest;
import dev.metacircular.grpc.proto.mcias.v1.ListAccountsResponse;
import dev.metacircular.grpc.proto.mcias.v1.RolesResponse;
import dev.metacircular.grpc.proto.mcias.v1.SetRolesRequest;
import dev.metacircular.grpc.proto.mcias.v1.UpdateAccountRequest;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import io.grpc.stub.StreamObserver;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code metacircular.mcias.v1.AccountService}: accounts and roles (admin). */
final class IdentityAccountService extends AccountServiceGrpc.AccountServiceImplBase {
  private final AccountUseCase accounts;

  IdentityAccountService(AccountUseCase accounts) {
    this.accounts = accounts;
  }

  @Override
  public void createAccount(CreateAccountRequest request, StreamObserver<Account> out) {
    Calls.unary(
        out,
        () -> {
          char[] password =
              request.hasPassword() ? Secrets.chars(request.getPasswordBytes()) : null;
          try {
            return account(
                accounts.create(
                    Door.caller(),
                    new CreateAccountCommand(
                        request.getUsername(),
                        AccountType.fromWire(request.getAccountType()),
                        password,
                        roles(request.getRolesList()))));
          } finally {
            Secrets.wipe(password);
          }
        });
  }

  @Override
  public void listAccounts(ListAccountsRequest request, StreamObserver<ListAccountsResponse> out) {
    Calls.unary(
        out,
        () -> {
          ListAccountsResponse.Builder list = ListAccountsResponse.newBuilder();
          accounts.list(Door.caller()).forEach(a -> list.addAccounts(account(a)));
          return list.build();
        });
  }

  @Override
  public void getAccount(GetAccountRequest request, StreamObserver<Account> out) {
    Calls.unary(out, () -> account(accounts.get(Door.caller(), Wire.accountId(request.getId()))));
  }

  @Override
  public void updateAccount(UpdateAccountRequest request, StreamObserver<Account> out) {
    Calls.unary(
        out,
        () -> {
          var id = Wire.accountId(request.getId());
          char[] password =
              request.hasPassword() ? Secrets.chars(request.getPasswordBytes()) : null;
          try {
            AccountStatus status =
                request.hasStatus() ? AccountStatus.fromWire(request.getStatus()) : null;
            return account(
                accounts.update(Door.caller(), id, new UpdateAccountCommand(status, password)));
          } finally {
            Secrets.wipe(password);
          }
        });
  }

  @Override
  public void deleteAccount(
      DeleteAccountRequest request, StreamObserver<DeleteAccountResponse> out) {
    Calls.unary(
        out,
        () -> {
          accounts.delete(Door.caller(), Wire.accountId(request.getId()));
          return DeleteAccountResponse.getDefaultInstance();
        });
  }

  @Override
  public void getRoles(GetRolesRequest request, StreamObserver<RolesResponse> out) {
    Calls.unary(
        out,
        () ->
            RolesResponse.newBuilder()
                .addAllRoles(
                    roleNames(accounts.roles(Door.caller(), Wire.accountId(request.getId()))))
                .build());
  }

  @Override
  public void setRoles(SetRolesRequest request, StreamObserver<RolesResponse> out) {
    Calls.unary(
        out,
        () -> {
          var id = Wire.accountId(request.getId());
          var updated = accounts.setRoles(Door.caller(), id, roles(request.getRolesList()));
          return RolesResponse.newBuilder().addAllRoles(roleNames(updated.roles())).build();
        });
  }

  static Account account(dev.metacircular.ports.identity.Account a) {
    return Account.newBuilder()
        .setId(a.id().toString())
        .setUsername(a.username())
        .setAccountType(a.type().wireName())
        .setStatus(a.status().wireName())
        .addAllRoles(roleNames(a.roles()))
        .setTotpEnabled(a.totpEnabled())
        .setCreatedAt(Wire.timestamp(a.createdAt()))
        .setUpdatedAt(Wire.timestamp(a.updatedAt()))
        .build();
  }

  static Set<Role> roles(List<String> names) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      roles.add(Role.fromWire(name));
    }
    return roles;
  }

  /** Sorted wire names, as REST. */
  static List<String> roleNames(Collection<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().toList();
  }
}
