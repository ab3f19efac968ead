package dev.metacircular.benchmarks;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.engine.ca.CaEngineType;
import dev.metacircular.domain.engine.transit.TransitEngineType;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import dev.metacircular.ports.transit.in.CreateKey;
import dev.metacircular.ports.transit.in.TransitOperations;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A crypto core set up for measuring: initialized and unsealed, a transit engine mounted at {@value
 * #MOUNT} and an {@code aes256-gcm} key {@value #KEY} in it, plus an ACL rule that lets the
 * non-admin {@link #USER} encrypt with it. The seal password is random and kept here so the barrier
 * can be sealed and unsealed again.
 */
final class CryptoFixture implements AutoCloseable {
  static final String MOUNT = "transit";
  static final String KEY = "k";
  static final String ENCRYPT = "encrypt";

  /** The seal KDF for setup only: the unseal benchmark is {@link UnsealMain}, not this. */
  static final SealSettings CHEAP_SEAL =
      SealSettings.DEFAULTS.withKdf(new Argon2Parameters(1, 8 * 1024, 1));

  /** An admin, as a validated identity token would make it: the ACL's admin bypass applies. */
  static final Caller ADMIN =
      new Caller(
          UUID.randomUUID(),
          "bench-admin",
          Set.of(Role.ADMIN),
          AccountType.HUMAN,
          "jti-admin",
          "127.0.0.1");

  /**
   * A plain user whom only the ACL rule {@value #RULE_ID} lets encrypt: named as {@link
   * IdentityFixture}'s system account, so that account's service tokens are this caller.
   */
  static final Caller USER =
      new Caller(
          UUID.randomUUID(),
          IdentityFixture.SERVICE,
          Set.of(Role.USER),
          AccountType.SYSTEM,
          "jti-user",
          "127.0.0.1");

  static final String RULE_ID = "bench-user-encrypt";

  private final CryptoCore core;
  private final char[] password;

  private CryptoFixture(CryptoCore core, char[] password) {
    this.core = core;
    this.password = password;
  }

  /**
   * A core over {@code storage}, initialized with {@code settings}' seal KDF, with the transit
   * mount, key and ACL rule in place.
   */
  static CryptoFixture open(
      PhysicalStorage storage,
      AuditLog audit,
      DelegatedAuthenticationUseCase auth,
      SealSettings settings) {
    CryptoCore core =
        CryptoCore.open(
            storage,
            audit,
            auth,
            // The CA too, for CryptoLoadMain --operation ocsp; mounted only there.
            List.of(new TransitEngineType(), new CaEngineType()),
            settings,
            Clock.systemUTC(),
            Runnable::run);
    char[] password = randomPassword();
    core.seal().initialize(password.clone());
    core.mounts().mount(ADMIN, MOUNT, TransitEngineType.TYPE, Map.of());
    core.operations()
        .run(ADMIN, MOUNT, TransitOperations.CREATE_KEY, new CreateKey(KEY, "aes256-gcm", false));
    core.policy()
        .create(
            ADMIN,
            new PolicyRule(
                RULE_ID,
                10,
                Effect.ALLOW,
                "benchmark: user may encrypt",
                new SubjectMatch(List.of(USER.name()), List.of(), List.of()),
                new ResourceMatch(List.of(), List.of(), List.of(MOUNT), List.of()),
                List.of(ENCRYPT)));
    return new CryptoFixture(core, password);
  }

  CryptoCore core() {
    return core;
  }

  /** The open transit engine of the mount (what the core dispatches to after the ACL). */
  Engine transitEngine() {
    return core.barrier().whileUnsealed(() -> core.engineRegistry().engine(MOUNT));
  }

  /** A copy of the seal password. */
  char[] password() {
    return password.clone();
  }

  /** The {@code data} of an encrypt request for {@code plaintext}, as a client sends it. */
  static Map<String, Object> encryptData(byte[] plaintext) {
    return Map.of("key", KEY, "plaintext", Base64.getEncoder().encodeToString(plaintext));
  }

  /** Seals (wiping every key) and forgets the password. */
  @Override
  public void close() {
    core.close();
    Arrays.fill(password, '\0');
  }

  private static char[] randomPassword() {
    byte[] raw = new byte[24];
    new java.security.SecureRandom().nextBytes(raw);
    char[] out = Base64.getUrlEncoder().withoutPadding().encodeToString(raw).toCharArray();
    Arrays.fill(raw, (byte) 0);
    return out;
  }

  /**
   * Authentication for cores measured without a front door: it refuses everything, since the
   * benchmarks hand the core a {@link Caller} directly (as a door does after authenticating).
   */
  static final class NoDoor implements DelegatedAuthenticationUseCase {
    @Override
    public IssuedToken login(
        String username, char[] password, String totpCode, String sourceAddress) {
      throw new DomainException.Unauthenticated("invalid credentials");
    }

    @Override
    public Caller authenticate(String bearerToken, String sourceAddress) {
      throw new DomainException.Unauthenticated("invalid or expired token");
    }

    @Override
    public TokenClaims tokenInfo(String bearerToken) {
      throw new DomainException.Unauthenticated("invalid or expired token");
    }

    @Override
    public void logout(String bearerToken, String sourceAddress) {
      throw new DomainException.Unauthenticated("invalid or expired token");
    }
  }
}
