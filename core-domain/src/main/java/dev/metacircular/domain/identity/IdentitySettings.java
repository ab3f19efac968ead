package dev.metacircular.domain.identity;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.domain.identity.account.Lockout;
import java.time.Duration;

/**
 * How the identity core behaves. {@link #defaults} matches the reference service; every value is
 * checked here so a bad configuration fails at start with a clear message.
 *
 * @param issuer the {@code iss} of every token, checked on validation
 * @param loginTokenTtl lifetime of a token issued by login or renewal
 * @param serviceTokenTtl default lifetime of an admin-issued service token
 * @param passwordHashing Argon2id cost for new password hashes (at least OWASP's minimum)
 * @param masterKeyKdf Argon2id cost used when a database is first initialized with a passphrase;
 *     later opens use the parameters stored in the database
 * @param loginRatePerSecond sustained login attempts per source address
 * @param loginBurst login attempts a source address may make at once
 * @param lockout the lockout policy: failure budgets of unknown and known sources, their window,
 *     the lock's duration (see {@link Lockout}; never more than 100 consecutive failures)
 * @param verificationCacheSize signature-verified tokens remembered (0 disables the cache)
 * @param audience the identity service's own name: the {@code aud} of a token asked for no service
 *     in particular, and the only audience its own API (REST, gRPC, web) accepts
 * @param maxSessionLifetime how long after the original login renewals may keep a session going (at
 *     least {@code loginTokenTtl})
 */
public record IdentitySettings(
    String issuer,
    Duration loginTokenTtl,
    Duration serviceTokenTtl,
    Argon2Parameters passwordHashing,
    Argon2Parameters masterKeyKdf,
    double loginRatePerSecond,
    int loginBurst,
    Lockout lockout,
    int verificationCacheSize,
    String audience,
    Duration maxSessionLifetime) {

  /** The identity service's own audience unless configured otherwise. */
  public static final String DEFAULT_AUDIENCE = "mcias";

  /** The absolute session lifetime unless configured otherwise. */
  public static final Duration DEFAULT_MAX_SESSION_LIFETIME = Duration.ofDays(7);

  /** Longest an audience name may be (as a login's {@code service_name}). */
  public static final int MAX_AUDIENCE_LENGTH = 128;

  /** NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts. */
  public static final int MAX_LOCKOUT_THRESHOLD = Lockout.MAX_CONSECUTIVE;

  public static final int MAX_VERIFICATION_CACHE_SIZE = 1_000_000;

  public IdentitySettings {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("identity settings: issuer must not be blank");
    }
    positive("loginTokenTtl", loginTokenTtl);
    positive("serviceTokenTtl", serviceTokenTtl);
    if (lockout == null) {
      throw new IllegalArgumentException("identity settings: lockout must be set");
    }
    atLeastOwasp("passwordHashing", passwordHashing);
    atLeastOwasp("masterKeyKdf", masterKeyKdf);
    if (!(loginRatePerSecond > 0) || Double.isInfinite(loginRatePerSecond)) {
      throw new IllegalArgumentException(
          "identity settings: loginRatePerSecond must be a positive number");
    }
    if (loginBurst < 1) {
      throw new IllegalArgumentException("identity settings: loginBurst must be at least 1");
    }
    if (audience == null
        || audience.isBlank()
        || !audience.strip().equals(audience)
        || audience.length() > MAX_AUDIENCE_LENGTH) {
      throw new IllegalArgumentException(
          "identity settings: audience must be a name of 1 to "
              + MAX_AUDIENCE_LENGTH
              + " characters without surrounding spaces");
    }
    positive("maxSessionLifetime", maxSessionLifetime);
    if (maxSessionLifetime.compareTo(loginTokenTtl) < 0) {
      throw new IllegalArgumentException(
          "identity settings: maxSessionLifetime ("
              + maxSessionLifetime
              + ") must be at least loginTokenTtl ("
              + loginTokenTtl
              + ")");
    }
    if (verificationCacheSize < 0 || verificationCacheSize > MAX_VERIFICATION_CACHE_SIZE) {
      throw new IllegalArgumentException(
          "identity settings: verificationCacheSize must be between 0 and "
              + MAX_VERIFICATION_CACHE_SIZE);
    }
  }

  /**
   * The reference defaults: login tokens 12 h, service tokens 365 days, Argon2id t=3 m=64 MiB p=4,
   * 10 logins/s per address with a burst of 10, and {@link Lockout#defaults}: unknown sources
   * locked for 15 minutes after 10 failures in 15 minutes, a known source (signed in within 30
   * days) keeps its own 5; audience {@code mcias}, sessions renewable for 7 days.
   */
  public static IdentitySettings defaults(String issuer) {
    return new IdentitySettings(
        issuer,
        Duration.ofHours(12),
        Duration.ofDays(365),
        Argon2Parameters.DEFAULT,
        Argon2Parameters.DEFAULT,
        10.0,
        10,
        Lockout.defaults(),
        10_000,
        DEFAULT_AUDIENCE,
        DEFAULT_MAX_SESSION_LIFETIME);
  }

  public IdentitySettings withPasswordHashing(Argon2Parameters p) {
    return new IdentitySettings(
        issuer,
        loginTokenTtl,
        serviceTokenTtl,
        p,
        masterKeyKdf,
        loginRatePerSecond,
        loginBurst,
        lockout,
        verificationCacheSize,
        audience,
        maxSessionLifetime);
  }

  public IdentitySettings withMasterKeyKdf(Argon2Parameters p) {
    return new IdentitySettings(
        issuer,
        loginTokenTtl,
        serviceTokenTtl,
        passwordHashing,
        p,
        loginRatePerSecond,
        loginBurst,
        lockout,
        verificationCacheSize,
        audience,
        maxSessionLifetime);
  }

  public IdentitySettings withLoginTokenTtl(Duration ttl) {
    return new IdentitySettings(
        issuer,
        ttl,
        serviceTokenTtl,
        passwordHashing,
        masterKeyKdf,
        loginRatePerSecond,
        loginBurst,
        lockout,
        verificationCacheSize,
        audience,
        maxSessionLifetime);
  }

  /** The unknown-source budget and the lock's duration changed, the rest of the policy kept. */
  public IdentitySettings withLockout(int threshold, Duration duration) {
    return withLockout(
        new Lockout(
            threshold,
            lockout.window(),
            duration,
            lockout.knownSourceBudget(),
            lockout.knownSourceWindow()));
  }

  public IdentitySettings withLockout(Lockout policy) {
    return new IdentitySettings(
        issuer,
        loginTokenTtl,
        serviceTokenTtl,
        passwordHashing,
        masterKeyKdf,
        loginRatePerSecond,
        loginBurst,
        policy,
        verificationCacheSize,
        audience,
        maxSessionLifetime);
  }

  /** Failures from unknown sources that lock the account for them (1..100). */
  public int lockoutThreshold() {
    return lockout.threshold();
  }

  /** How long a lock lasts. */
  public Duration lockoutDuration() {
    return lockout.duration();
  }

  public IdentitySettings withLoginRate(double perSecond, int burst) {
    return new IdentitySettings(
        issuer,
        loginTokenTtl,
        serviceTokenTtl,
        passwordHashing,
        masterKeyKdf,
        perSecond,
        burst,
        lockout,
        verificationCacheSize,
        audience,
        maxSessionLifetime);
  }

  public IdentitySettings withServiceTokenTtl(Duration ttl) {
    return new IdentitySettings(
        issuer,
        loginTokenTtl,
        ttl,
        passwordHashing,
        masterKeyKdf,
        loginRatePerSecond,
        loginBurst,
        lockout,
        verificationCacheSize,
        audience,
        maxSessionLifetime);
  }

  /** With {@code audience} as the identity service's own name. */
  public IdentitySettings withAudience(String name) {
    return new IdentitySettings(
        issuer,
        loginTokenTtl,
        serviceTokenTtl,
        passwordHashing,
        masterKeyKdf,
        loginRatePerSecond,
        loginBurst,
        lockout,
        verificationCacheSize,
        name,
        maxSessionLifetime);
  }

  /** With sessions renewable for {@code lifetime} after the original login. */
  public IdentitySettings withMaxSessionLifetime(Duration lifetime) {
    return new IdentitySettings(
        issuer,
        loginTokenTtl,
        serviceTokenTtl,
        passwordHashing,
        masterKeyKdf,
        loginRatePerSecond,
        loginBurst,
        lockout,
        verificationCacheSize,
        audience,
        lifetime);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("identity settings: " + name + " must be positive");
    }
  }

  private static void atLeastOwasp(String name, Argon2Parameters p) {
    if (p == null) {
      throw new IllegalArgumentException("identity settings: " + name + " must be set");
    }
    Argon2Parameters floor = Argon2Parameters.OWASP_MINIMUM;
    if (!p.atLeast(floor)) {
      throw new IllegalArgumentException(
          "identity settings: "
              + name
              + " "
              + p
              + " is below the OWASP minimum (iterations >= "
              + floor.iterations()
              + ", memoryKiB >= "
              + floor.memoryKiB()
              + ", parallelism >= "
              + floor.parallelism()
              + ")");
    }
  }
}
