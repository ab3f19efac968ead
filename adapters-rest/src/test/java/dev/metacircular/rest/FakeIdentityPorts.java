package dev.metacircular.rest;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.AuditFilter;
import dev.metacircular.ports.audit.in.AuditUseCase;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.AccountStatus;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.PublicSigningKey;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.AccountUseCase;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.PasskeyUseCase;
import dev.metacircular.ports.identity.in.ProfileUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.SsoClientAdminUseCase;
import dev.metacircular.ports.identity.in.SsoUseCase;
import dev.metacircular.ports.identity.in.TokenAdminUseCase;
import dev.metacircular.ports.identity.in.TokenValidationUseCase;
import dev.metacircular.ports.identity.in.TotpUseCase;
import dev.metacircular.ports.identity.in.UpdateAccountCommand;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.Explanation;
import dev.metacircular.ports.policy.PolicyRequest;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.in.PolicyAdminUseCase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hand-written fakes of the identity ports, just smart enough to exercise the REST layer: admin
 * checks and refusals behave like the core's, so the mapping to HTTP can be observed. They record
 * what they were given (including password arrays, to prove the door wipes them).
 */
final class FakeIdentityPorts {
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  static final UUID ADMIN_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
  static final UUID USER_ID = UUID.fromString("00000000-0000-4000-8000-000000000002");
  static final String ADMIN_TOKEN = "admin.token.value";
  static final String USER_TOKEN = "user.token.value";
  static final String GOOD_PASSWORD = "correct horse battery staple";

  final Tokens tokens = new Tokens();
  final Login login = new Login();
  final Sessions sessions = new Sessions();
  final TokenAdmin tokenAdmin = new TokenAdmin();
  final Accounts accounts = new Accounts();
  final Totp totp = new Totp();
  final Policy policy = new Policy();
  final Audit audit = new Audit();

  IdentityUseCases api() {
    return new IdentityUseCases(
        login,
        sessions,
        tokens,
        tokenAdmin,
        accounts,
        totp,
        policy,
        audit,
        unused(SsoClientAdminUseCase.class),
        unused(SsoUseCase.class),
        unused(PasskeyUseCase.class),
        unused(ProfileUseCase.class),
        unused(dev.metacircular.ports.identity.in.RecoveryCodeUseCase.class));
  }

  /** A port these fakes do not cover (the apps module tests it against the real core). */
  static <T> T unused(Class<T> port) {
    return port.cast(
        java.lang.reflect.Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException(port.getSimpleName() + " is not faked");
            }));
  }

  static void requireAdmin(Caller caller) {
    if (!caller.isAdmin()) {
      throw new DomainException.Forbidden("admin role required");
    }
  }

  static TokenClaims claims(UUID id, String username, Set<Role> roles) {
    return new TokenClaims(
        id,
        username,
        roles,
        AccountType.HUMAN,
        "jti-" + username,
        "mcias",
        NOW,
        NOW.plusSeconds(3600),
        "mcias");
  }

  static final class Tokens implements TokenValidationUseCase {
    final List<String> validated = new ArrayList<>();

    @Override
    public TokenValidation validate(String token) {
      validated.add(token);
      if (ADMIN_TOKEN.equals(token)) {
        return new TokenValidation.Valid(claims(ADMIN_ID, "root", Set.of(Role.ADMIN, Role.USER)));
      }
      if (USER_TOKEN.equals(token)) {
        return new TokenValidation.Valid(claims(USER_ID, "alice", Set.of(Role.USER)));
      }
      return new TokenValidation.Invalid(TokenValidation.Reason.BAD_SIGNATURE);
    }

    @Override
    public String audience() {
      return "mcias";
    }

    @Override
    public PublicSigningKey publicKey() {
      return new PublicSigningKey(
          "kid-1",
          "EdDSA",
          "Ed25519",
          "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
          "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n");
    }
  }

  static final class Login implements LoginUseCase {
    volatile LoginCommand last;
    volatile char[] lastPassword;

    @Override
    public IssuedToken login(LoginCommand command) {
      last = command;
      lastPassword = command.password();
      switch (command.username()) {
        case "locked" ->
            throw new DomainException.TooManyRequests("too many attempts", Duration.ofMillis(1500));
        case "broken" -> throw new IllegalStateException("connection string secret=abc123");
        case "denied" -> throw new DomainException.Forbidden("login denied by policy");
        default -> {}
      }
      if (!Arrays.equals(command.password(), GOOD_PASSWORD.toCharArray())) {
        throw new DomainException.Unauthenticated("invalid credentials");
      }
      return new IssuedToken(USER_TOKEN, "jti-login", NOW.plusSeconds(3600));
    }
  }

  static final class Sessions implements SessionUseCase {
    final List<String> loggedOut = new ArrayList<>();

    @Override
    public void logout(String token, String sourceAddress) {
      requireKnown(token);
      loggedOut.add(token);
    }

    @Override
    public IssuedToken renew(String token, String sourceAddress) {
      requireKnown(token);
      return new IssuedToken("renewed.token", "jti-renewed", NOW.plusSeconds(7200));
    }

    private static void requireKnown(String token) {
      if (!ADMIN_TOKEN.equals(token) && !USER_TOKEN.equals(token)) {
        throw new DomainException.Unauthenticated("invalid or expired token");
      }
    }
  }

  static final class TokenAdmin implements TokenAdminUseCase {
    volatile Duration lastTtl;
    volatile UUID lastAccount;
    volatile String lastService;
    final List<String> revoked = new ArrayList<>();

    @Override
    public IssuedToken issueServiceToken(
        Caller caller, UUID accountId, Duration ttl, String serviceName) {
      requireAdmin(caller);
      lastAccount = accountId;
      lastService = serviceName;
      lastTtl = ttl;
      Duration effective = ttl == null ? Duration.ofDays(365) : ttl;
      if (effective.isNegative() || effective.isZero()) {
        throw new DomainException.InvalidInput("ttl must be positive");
      }
      return new IssuedToken("service.token", "jti-service", NOW.plus(effective));
    }

    @Override
    public void revoke(Caller caller, String jti, String reason) {
      requireAdmin(caller);
      if (jti.equals("unknown")) {
        throw new DomainException.NotFound("token not found");
      }
      revoked.add(jti + ":" + reason);
    }

    @Override
    public int revokeAll(Caller caller, UUID accountId, String reason) {
      requireAdmin(caller);
      return 0;
    }

    @Override
    public List<TokenRecord> list(Caller caller, UUID accountId) {
      requireAdmin(caller);
      return List.of(
          new TokenRecord(
              "jti-2", accountId, TokenRecord.Kind.SERVICE, NOW, NOW.plusSeconds(60), null, ""),
          new TokenRecord(
              "jti-1",
              accountId,
              TokenRecord.Kind.LOGIN,
              NOW.minusSeconds(60),
              NOW.plusSeconds(60),
              NOW,
              "logout"));
    }

    @Override
    public int pruneExpired(Caller caller) {
      requireAdmin(caller);
      return 0;
    }
  }

  static final class Accounts implements AccountUseCase {
    final Map<UUID, Account> byId = new ConcurrentHashMap<>();
    volatile char[] lastPassword;

    Accounts() {
      byId.put(USER_ID, account(USER_ID, "alice", AccountType.HUMAN, Set.of(Role.USER)));
    }

    static Account account(UUID id, String name, AccountType type, Set<Role> roles) {
      return new Account(id, name, type, AccountStatus.ACTIVE, roles, false, NOW, NOW);
    }

    @Override
    public Account create(Caller caller, CreateAccountCommand command) {
      requireAdmin(caller);
      lastPassword = command.password();
      if (byId.values().stream().anyMatch(a -> a.username().equals(command.username()))) {
        throw new DomainException.Conflict("username already exists");
      }
      Account a = account(UUID.randomUUID(), command.username(), command.type(), command.roles());
      byId.put(a.id(), a);
      return a;
    }

    @Override
    public List<Account> list(Caller caller) {
      requireAdmin(caller);
      return byId.values().stream().sorted(Comparator.comparing(Account::username)).toList();
    }

    @Override
    public Account get(Caller caller, UUID id) {
      requireAdmin(caller);
      Account a = byId.get(id);
      if (a == null) {
        throw new DomainException.NotFound("account not found");
      }
      return a;
    }

    @Override
    public Account getByUsername(Caller caller, String username) {
      requireAdmin(caller);
      return byId.values().stream()
          .filter(a -> a.username().equals(username))
          .findFirst()
          .orElseThrow(() -> new DomainException.NotFound("account not found"));
    }

    @Override
    public Account update(Caller caller, UUID id, UpdateAccountCommand command) {
      Account a = get(caller, id);
      lastPassword = command.password();
      Account updated =
          new Account(
              a.id(),
              a.username(),
              a.type(),
              command.status() == null ? a.status() : command.status(),
              a.roles(),
              a.totpEnabled(),
              a.createdAt(),
              NOW.plusSeconds(1));
      byId.put(id, updated);
      return updated;
    }

    @Override
    public void delete(Caller caller, UUID id) {
      get(caller, id);
      byId.remove(id);
    }

    @Override
    public Set<Role> roles(Caller caller, UUID id) {
      return get(caller, id).roles();
    }

    @Override
    public Account setRoles(Caller caller, UUID id, Set<Role> roles) {
      Account a = get(caller, id);
      Account updated =
          new Account(
              a.id(),
              a.username(),
              a.type(),
              a.status(),
              roles,
              a.totpEnabled(),
              a.createdAt(),
              NOW);
      byId.put(id, updated);
      return updated;
    }

    @Override
    public void setPassword(Caller caller, UUID id, char[] password) {
      get(caller, id);
      lastPassword = password;
    }
  }

  static final class Totp implements TotpUseCase {
    volatile TotpEnrolment lastEnrolment;
    volatile char[] lastPassword;
    volatile UUID lastRemoved;
    volatile String lastCode;

    @Override
    public TotpEnrolment enrol(Caller caller, char[] currentPassword) {
      lastPassword = currentPassword;
      if (!Arrays.equals(currentPassword, GOOD_PASSWORD.toCharArray())) {
        throw new DomainException.Unauthenticated("invalid credentials");
      }
      lastEnrolment =
          new TotpEnrolment(
              "JBSWY3DPEHPK3PXP".toCharArray(),
              ("otpauth://totp/MCIAS:" + caller.name() + "?secret=JBSWY3DPEHPK3PXP&issuer=MCIAS")
                  .toCharArray());
      return lastEnrolment;
    }

    @Override
    public void confirm(Caller caller, String code) {
      lastCode = code;
      if (!code.equals("123456")) {
        throw new DomainException.Unauthenticated("invalid code");
      }
    }

    @Override
    public void remove(Caller caller, UUID accountId) {
      if (!caller.isAdmin() && !accountId.equals(caller.accountId())) {
        throw new DomainException.Forbidden("admin role required");
      }
      lastRemoved = accountId;
    }
  }

  static final class Policy implements PolicyAdminUseCase {
    final Map<String, PolicyRule> rules = new LinkedHashMap<>();
    volatile PolicyRequest lastExplain;
    private int next = 1;

    @Override
    public synchronized List<PolicyRule> list(Caller caller) {
      requireAdmin(caller);
      return List.copyOf(rules.values());
    }

    @Override
    public synchronized PolicyRule get(Caller caller, String id) {
      requireAdmin(caller);
      switch (id) {
        case "broken" -> throw new IllegalStateException("disk on fire at /var/lib/secret");
        case "conflict" -> throw new DomainException.Conflict("rule id already exists");
        case "precondition" -> throw new DomainException.PreconditionFailed("not initialized");
        case "unavailable" -> throw new DomainException.Unavailable("sealed");
        case "limited" ->
            throw new DomainException.TooManyRequests("slow down", Duration.ofSeconds(30));
        default -> {}
      }
      PolicyRule rule = rules.get(id);
      if (rule == null) {
        throw new DomainException.NotFound("rule not found");
      }
      return rule;
    }

    @Override
    public synchronized PolicyRule create(Caller caller, PolicyRule rule) {
      requireAdmin(caller);
      PolicyRule stored = rule.id() == null ? rule.withId("rule-" + next++) : rule;
      if (rules.containsKey(stored.id())) {
        throw new DomainException.Conflict("rule id already exists");
      }
      rules.put(stored.id(), stored);
      return stored;
    }

    @Override
    public synchronized PolicyRule replace(Caller caller, String id, PolicyRule rule) {
      get(caller, id);
      if (rule.id() != null && !rule.id().equals(id)) {
        throw new DomainException.InvalidInput("rule id does not match the path");
      }
      PolicyRule stored = rule.withId(id);
      rules.put(id, stored);
      return stored;
    }

    @Override
    public synchronized void delete(Caller caller, String id) {
      get(caller, id);
      rules.remove(id);
    }

    @Override
    public synchronized Explanation explain(Caller caller, PolicyRequest request) {
      requireAdmin(caller);
      lastExplain = request;
      for (PolicyRule rule : rules.values()) {
        if (rule.subjects().usernames().contains(request.subject().username())) {
          return new Explanation(rule.effect(), rule, "matched rule " + rule.id());
        }
      }
      return new Explanation(Effect.DENY, null, "no rule matched: default deny");
    }
  }

  static final class Audit implements AuditUseCase {
    volatile AuditFilter lastFilter;

    @Override
    public List<AuditEvent> query(Caller caller, AuditFilter filter) {
      requireAdmin(caller);
      lastFilter = filter;
      return List.of(
          new AuditEvent(
              7,
              NOW,
              "login_success",
              USER_ID.toString(),
              "",
              "127.0.0.1",
              Map.of("service", "metacrypt")));
    }

    @Override
    public List<AuditEvent> tail(Caller caller, int n) {
      requireAdmin(caller);
      return List.of();
    }
  }
}
