package dev.metacircular.benchmarks;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.domain.identity.account.Lockout;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.in.CreateAccountCommand;
import dev.metacircular.ports.identity.in.LoginCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * An identity core set up for measuring: one human admin (who logs in with a password, hashed with
 * the cheap OWASP-minimum Argon2id parameters because hashing is setup here, not the thing
 * measured) and one system account that service tokens are issued to without any password work.
 */
final class IdentityFixture implements AutoCloseable {
  static final String ISSUER = "https://identity.bench.invalid";
  static final String ADMIN = "bench-admin";
  static final String SERVICE = "bench-service";
  private static final Caller TOOL = Caller.offlineTool("bench");

  private final IdentityCore core;
  private final Account service;
  private final char[] adminPassword;

  private IdentityFixture(IdentityCore core, Account service, char[] adminPassword) {
    this.core = core;
    this.service = service;
    this.adminPassword = adminPassword;
  }

  /**
   * A core over {@code storage} whose verification cache holds {@code cacheSize} tokens (the
   * default size when null).
   */
  static IdentityFixture open(IdentityStorage storage, Integer cacheSize) {
    IdentitySettings settings =
        IdentitySettings.defaults(ISSUER).withPasswordHashing(Argon2Parameters.OWASP_MINIMUM);
    if (cacheSize != null) {
      settings =
          new IdentitySettings(
              settings.issuer(),
              settings.loginTokenTtl(),
              settings.serviceTokenTtl(),
              settings.passwordHashing(),
              settings.masterKeyKdf(),
              settings.loginRatePerSecond(),
              settings.loginBurst(),
              settings.lockout(),
              cacheSize,
              settings.audience(),
              settings.maxSessionLifetime());
    }
    IdentityCore core;
    try (SecretBytes masterKey = SecretBytes.random(32)) {
      core =
          IdentityCore.open(
              storage, settings, new MasterKeySource.KeyFile(masterKey), Clock.systemUTC());
    }
    char[] password = randomPassword();
    core.accounts()
        .create(
            TOOL,
            new CreateAccountCommand(
                ADMIN, AccountType.HUMAN, password.clone(), Set.of(Role.ADMIN)));
    Account service =
        core.accounts()
            .create(
                TOOL,
                new CreateAccountCommand(SERVICE, AccountType.SYSTEM, null, Set.of(Role.USER)));
    return new IdentityFixture(core, service, password);
  }

  /**
   * A core for a login storm: password hashes at {@code hashing}, the login rate limit out of the
   * way. The admin account is created by a first core that is then closed and dropped, so the
   * serving core starts with no Argon2 memory of its own (its idle state holds no blocks). The
   * admin's hash is made at {@code hashing} already: a login that upgrades a hash makes concurrent
   * logins of the same account fail (the password hash changed under them).
   */
  static IdentityFixture forLogins(IdentityStorage storage, Argon2Parameters hashing) {
    byte[] key;
    try (SecretBytes random = SecretBytes.random(32)) {
      key = random.copy();
    }
    char[] password = randomPassword();
    try {
      IdentitySettings setup = IdentitySettings.defaults(ISSUER).withPasswordHashing(hashing);
      IdentityCore first;
      try (SecretBytes masterKey = SecretBytes.copyOf(key)) {
        first =
            IdentityCore.open(
                storage, setup, new MasterKeySource.KeyFile(masterKey), Clock.systemUTC());
      }
      first
          .accounts()
          .create(
              TOOL,
              new CreateAccountCommand(
                  ADMIN, AccountType.HUMAN, password.clone(), Set.of(Role.ADMIN)));
      Account service =
          first
              .accounts()
              .create(
                  TOOL,
                  new CreateAccountCommand(SERVICE, AccountType.SYSTEM, null, Set.of(Role.USER)));
      first.close();
      IdentitySettings storm =
          IdentitySettings.defaults(ISSUER)
              .withPasswordHashing(hashing)
              .withLoginRate(1_000_000, 1_000_000)
              // The storm signs one account in from one address, 16 at a time: each pending login
              // holds a lockout slot until its hash is checked, so the budgets must exceed the
              // concurrency (memory, not lockout, is measured here).
              .withLockout(
                  new Lockout(
                      50, Duration.ofMinutes(15), Duration.ofMinutes(15), 50, Duration.ofDays(30)));
      IdentityCore core;
      try (SecretBytes masterKey = SecretBytes.copyOf(key)) {
        core =
            IdentityCore.open(
                storage, storm, new MasterKeySource.KeyFile(masterKey), Clock.systemUTC());
      }
      return new IdentityFixture(core, service, password);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The admin's password, for a client that logs in over the network (a bench-only account). */
  char[] adminPassword() {
    return adminPassword.clone();
  }

  static IdentityFixture inMemory(Integer cacheSize) {
    return open(IdentityStorage.inMemory(), cacheSize);
  }

  IdentityCore core() {
    return core;
  }

  /** A token from a real password login of the admin. */
  IssuedToken loginAdmin() {
    char[] password = adminPassword.clone();
    try {
      return core.login().login(new LoginCommand(ADMIN, password, null, null, null, "127.0.0.1"));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** {@code n} distinct valid tokens of the system account (each its own jti and signature). */
  String[] serviceTokens(int n) {
    return serviceTokens(n, null);
  }

  /**
   * {@code n} tokens of the system account for {@code audience} (null: the identity service
   * itself): a relying service such as the crypto service refuses tokens of any other audience.
   */
  String[] serviceTokens(int n, String audience) {
    String[] tokens = new String[n];
    for (int i = 0; i < n; i++) {
      tokens[i] =
          core.tokenAdmin()
              .issueServiceToken(TOOL, service.id(), Duration.ofDays(1), audience)
              .token();
    }
    return tokens;
  }

  /** Wipes the core's keys and the admin password. */
  @Override
  public void close() {
    core.close();
    Arrays.fill(adminPassword, '\0');
  }

  private static char[] randomPassword() {
    try (SecretBytes raw = SecretBytes.random(24)) {
      return raw.withBytes(
          b -> {
            char[] out = new char[b.length * 2];
            for (int i = 0; i < b.length; i++) {
              out[2 * i] = Character.forDigit((b[i] >> 4) & 0xf, 16);
              out[2 * i + 1] = Character.forDigit(b[i] & 0xf, 16);
            }
            return out;
          });
    }
  }
}
