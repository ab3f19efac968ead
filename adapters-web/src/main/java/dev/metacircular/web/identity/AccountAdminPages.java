package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.WebRoutes;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Admin pages for accounts, their roles and their tokens (the REST API's {@code /v1/accounts...}
 * and {@code /v1/token/...}, same ports). A service token is shown once, on the page that answers
 * the issuing form, and is never stored anywhere the pages can show it again.
 */
final class AccountAdminPages {
  private final IdentityUseCases api;
  private final CallerPages callers;

  AccountAdminPages(IdentityUseCases api, CallerPages callers) {
    this.api = api;
    this.callers = callers;
  }

  void register(WebRoutes web) {
    web.get("/admin/accounts", callers.admin(this::list));
    web.post("/admin/accounts", callers.admin(this::create));
    web.get("/admin/accounts/{id}", callers.admin(this::show));
    web.post("/admin/accounts/{id}/status", callers.admin(this::status));
    web.post("/admin/accounts/{id}/password", callers.admin(this::password));
    web.post("/admin/accounts/{id}/delete", callers.admin(this::delete));
    web.post("/admin/accounts/{id}/roles/grant", callers.admin(this::grant));
    web.post("/admin/accounts/{id}/roles/revoke", callers.admin(this::revokeRole));
    web.post("/admin/accounts/{id}/totp/remove", callers.admin(this::removeTotp));
    web.post("/admin/accounts/{id}/tokens/issue", callers.admin(this::issue));
    web.post("/admin/accounts/{id}/tokens/revoke-all", callers.admin(this::revokeAll));
    web.get("/admin/tokens", callers.admin(this::tokens));
    web.post("/admin/tokens/issue", callers.admin(this::issueFromForm));
    web.post("/admin/tokens/revoke", callers.admin(this::revokeJti));
  }

  private void list(PageRequest r, Caller caller) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Accounts");
    model.put("accounts", api.accounts().list(caller).stream().map(AccountView::of).toList());
    model.put("roles", roleNames());
    r.render("identity/admin/accounts", model);
  }

  private void create(PageRequest r, Caller caller) {
    AccountType type = AccountType.fromWire(r.form().text("account_type"));
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : r.form().texts("roles")) {
      roles.add(Role.fromWire(name));
    }
    char[] password = r.form().secret("password");
    Account created;
    try {
      created =
          api.accounts()
              .create(
                  caller,
                  new CreateAccountCommand(
                      r.form().text("username"),
                      type,
                      password.length == 0 ? null : password,
                      roles));
    } finally {
      Arrays.fill(password, '\0');
    }
    r.redirect(
        "/admin/accounts/" + created.id(),
        Flash.Kind.SUCCESS,
        "account " + created.username() + " created");
  }

  private void show(PageRequest r, Caller caller) {
    UUID id = id(r);
    Account account = api.accounts().get(caller, id);
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Account " + account.username());
    model.put("account", AccountView.of(account));
    model.put("tokens", api.tokenAdmin().list(caller, id).stream().map(TokenView::of).toList());
    model.put(
        "grantable",
        roleNames().stream().filter(n -> !account.roles().contains(Role.fromWire(n))).toList());
    model.put("statuses", List.of("active", "inactive"));
    r.render("identity/admin/account", model);
  }

  private void status(PageRequest r, Caller caller) {
    UUID id = id(r);
    AccountStatus status = AccountStatus.fromWire(r.form().text("status"));
    api.accounts().update(caller, id, new UpdateAccountCommand(status, null));
    back(r, id, "status set to " + status.wireName());
  }

  private void password(PageRequest r, Caller caller) {
    UUID id = id(r);
    char[] password = r.form().secret("password");
    try {
      api.accounts().setPassword(caller, id, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    back(r, id, "password set");
  }

  private void delete(PageRequest r, Caller caller) {
    UUID id = id(r);
    api.accounts().delete(caller, id);
    r.redirect("/admin/accounts", Flash.Kind.SUCCESS, "account deleted; its tokens are revoked");
  }

  private void grant(PageRequest r, Caller caller) {
    UUID id = id(r);
    Role role = Role.fromWire(r.form().text("role"));
    Set<Role> roles = EnumSet.noneOf(Role.class);
    roles.addAll(api.accounts().roles(caller, id));
    roles.add(role);
    api.accounts().setRoles(caller, id, roles);
    back(r, id, "role " + role.wireName() + " granted");
  }

  private void revokeRole(PageRequest r, Caller caller) {
    UUID id = id(r);
    Role role = Role.fromWire(r.form().text("role"));
    Set<Role> roles = EnumSet.noneOf(Role.class);
    roles.addAll(api.accounts().roles(caller, id));
    roles.remove(role);
    api.accounts().setRoles(caller, id, roles);
    back(r, id, "role " + role.wireName() + " revoked");
  }

  private void removeTotp(PageRequest r, Caller caller) {
    UUID id = id(r);
    api.totp().remove(caller, id);
    back(r, id, "TOTP removed");
  }

  private void issue(PageRequest r, Caller caller) {
    issued(r, caller, id(r));
  }

  private void issueFromForm(PageRequest r, Caller caller) {
    issued(r, caller, FormValues.accountId(r.form().text("account_id")));
  }

  /** The answer to the issuing form is the only page that ever shows the token. */
  private void issued(PageRequest r, Caller caller, UUID accountId) {
    String service = r.form().text("service_name");
    IssuedToken token =
        api.tokenAdmin()
            .issueServiceToken(
                caller,
                accountId,
                FormValues.ttl(r.form().text("ttl")),
                service.isEmpty() ? null : service);
    Account account = api.accounts().get(caller, accountId);
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Service token issued");
    model.put("account", AccountView.of(account));
    model.put("token", token.token());
    model.put("jti", token.jti());
    model.put("audience", service.isEmpty() ? "this identity service" : service);
    model.put("expiresAt", Times.show(token.expiresAt()));
    r.render("identity/admin/token-issued", model);
  }

  private void revokeAll(PageRequest r, Caller caller) {
    UUID id = id(r);
    int n = api.tokenAdmin().revokeAll(caller, id, r.form().text("reason"));
    back(r, id, n + (n == 1 ? " token revoked" : " tokens revoked"));
  }

  private void tokens(PageRequest r, Caller caller) {
    List<AccountView> accounts = api.accounts().list(caller).stream().map(AccountView::of).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Tokens");
    model.put(
        "systemAccounts",
        accounts.stream().filter(a -> !a.human() && "active".equals(a.status())).toList());
    model.put("accounts", accounts);
    r.render("identity/admin/tokens", model);
  }

  private void revokeJti(PageRequest r, Caller caller) {
    String jti = r.form().text("jti");
    if (jti.isEmpty()) {
      throw new DomainException.InvalidInput("jti is required");
    }
    api.tokenAdmin().revoke(caller, jti, r.form().text("reason"));
    String back = LocalPath.orElse(r.form().text("back"), "/admin/tokens");
    r.redirect(back, Flash.Kind.SUCCESS, "token " + jti + " revoked");
  }

  private static void back(PageRequest r, UUID id, String message) {
    r.redirect("/admin/accounts/" + id, Flash.Kind.SUCCESS, message);
  }

  private static UUID id(PageRequest r) {
    return FormValues.accountId(r.pathParam("id"));
  }

  private static List<String> roleNames() {
    return Arrays.stream(Role.values()).map(Role::wireName).toList();
  }
}
