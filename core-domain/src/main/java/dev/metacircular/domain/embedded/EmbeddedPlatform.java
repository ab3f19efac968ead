package dev.metacircular.domain.embedded;

import dev.metacircular.crypto.Argon2Parameters;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.domain.crypto.CryptoCore;
import dev.metacircular.domain.delegation.DelegatedAuthenticator;
import dev.metacircular.domain.delegation.InProcessIdentityProvider;
import dev.metacircular.domain.engine.ca.CaEngineType;
import dev.metacircular.domain.engine.sshca.SshCaEngineType;
import dev.metacircular.domain.engine.transit.TransitEngineType;
import dev.metacircular.domain.engine.u2u.UserCryptoEngineType;
import dev.metacircular.domain.identity.IdentityCore;
import dev.metacircular.domain.identity.IdentitySettings;
import dev.metacircular.domain.identity.IdentityStorage;
import dev.metacircular.domain.identity.MasterKeySource;
import dev.metacircular.domain.memory.InMemoryAuditLog;
import dev.metacircular.domain.memory.InMemoryPhysicalStorage;
import dev.metacircular.domain.seal.SealSettings;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.engine.spi.EngineType;
import dev.metacircular.ports.identity.out.PasskeyVerifier;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Both services' cores in this process, wired the way dev mode wires them: an identity core, and a
 * crypto core that authenticates through it in process (no network, no TLS). By default every store
 * is in memory, so nothing touches the disk — for Java programs that embed the platform and for
 * their tests. Drive it through the same inbound ports the servers' doors drive: {@link
 * #identity()} and {@link #crypto()}.
 *
 * <p>Unless one is given, the identity core's master key is 32 random bytes that only the opened
 * core keeps (an in-memory database cannot outlive it anyway). The crypto core starts
 * uninitialized: initialize it with a seal password, as an operator would. {@link #close()} seals
 * the crypto core and wipes both cores' keys. Thread-safe.
 */
public final class EmbeddedPlatform implements AutoCloseable {

  /** Cheap Argon2id for the seal password (1 pass, 8 MiB, 1 lane): tests only. */
  public static final Argon2Parameters TEST_SEAL_KDF = new Argon2Parameters(1, 8 * 1024, 1);

  private final IdentityCore identity;
  private final CryptoCore crypto;
  private final ExecutorService background;

  private EmbeddedPlatform(IdentityCore identity, CryptoCore crypto, ExecutorService background) {
    this.identity = identity;
    this.crypto = crypto;
    this.background = background;
  }

  /** A builder over in-memory storage with production settings (Argon2id at full cost). */
  public static Builder inMemory() {
    return new Builder();
  }

  /** The identity service's core: accounts, login, tokens, TOTP, login policy, audit. */
  public IdentityCore identity() {
    return identity;
  }

  /** The crypto service's core: seal, mounts, engine operations, transit data path, ACL, audit. */
  public CryptoCore crypto() {
    return crypto;
  }

  /** Seals the crypto core, wipes both cores' keys and stops the background thread. */
  @Override
  public void close() {
    try {
      crypto.close();
    } finally {
      identity.close();
      background.shutdownNow();
    }
  }

  /** How to build an {@link EmbeddedPlatform}; every setting has a production default. */
  public static final class Builder {
    private String issuer = "metacircular-embedded";
    private String serviceName = "metacrypt";
    private Clock clock = Clock.systemUTC();
    private IdentitySettings identitySettings;
    private SealSettings sealSettings = SealSettings.DEFAULTS;
    private IdentityStorage identityStorage;
    private PhysicalStorage barrierStorage;
    private AuditLog cryptoAudit;
    private MasterKeySource masterKey;
    private PasskeyVerifier passkeys;
    private boolean testCosts;
    private final List<EngineType> engineTypes =
        new ArrayList<>(
            List.of(
                new TransitEngineType(),
                new CaEngineType(),
                new SshCaEngineType(),
                new UserCryptoEngineType()));

    private Builder() {}

    /**
     * Cheap Argon2id, so a test suite does not spend a second per login or unseal: OWASP's minimum
     * for passwords and the master key (the identity core refuses less), and {@link #TEST_SEAL_KDF}
     * for the seal password. Never for real secrets.
     */
    public Builder forTests() {
      testCosts = true;
      return this;
    }

    /** The clock both cores read (token expiry, lockouts): a fixed or manual one in tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The token issuer ({@code iss}) of the default identity settings; the default is {@code
     * metacircular-embedded}. Settings given in full carry their own.
     */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Identity settings (token lifetimes, lockout, login rate...) in full. */
    public Builder identitySettings(IdentitySettings settings) {
      this.identitySettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Seal settings (Argon2id cost of the seal password, unseal lockout). */
    public Builder sealSettings(SealSettings settings) {
      this.sealSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** The name the crypto core logs in as (the token audience); {@code metacrypt} by default. */
    public Builder serviceName(String serviceName) {
      this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
      return this;
    }

    /** Another engine type to mount beside transit (a new engine plugs in with no core change). */
    public Builder engineType(EngineType type) {
      engineTypes.add(Objects.requireNonNull(type, "type"));
      return this;
    }

    /** Identity stores other than memory (for example the SQLite adapter's). */
    public Builder identityStorage(IdentityStorage storage) {
      this.identityStorage = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * The identity master key, for identity storage that outlives this process (the default, 32
     * random bytes, opens only a fresh store). The caller wipes it after {@link #start()}.
     */
    public Builder masterKey(MasterKeySource masterKey) {
      this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
      return this;
    }

    /**
     * The WebAuthn checks passkeys run on (the {@code adapters-webauthn} module's {@code
     * YubicoPasskeyVerifier}); without one, passkey ceremonies answer 503.
     */
    public Builder passkeys(PasskeyVerifier verifier) {
      this.passkeys = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** Barrier storage and crypto audit log other than memory (for example SQLite's). */
    public Builder cryptoStorage(PhysicalStorage storage, AuditLog audit) {
      this.barrierStorage = Objects.requireNonNull(storage, "storage");
      this.cryptoAudit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    private IdentitySettings settings() {
      IdentitySettings s =
          identitySettings != null ? identitySettings : IdentitySettings.defaults(issuer);
      return testCosts
          ? s.withPasswordHashing(Argon2Parameters.OWASP_MINIMUM)
              .withMasterKeyKdf(Argon2Parameters.OWASP_MINIMUM)
          : s;
    }

    /** Opens both cores; the crypto core is uninitialized (or sealed, over existing storage). */
    public EmbeddedPlatform start() {
      IdentitySettings settings = settings();
      if (settings.audience().equals(serviceName)) {
        // One audience for both would make every crypto-service token an identity admin token.
        throw new IllegalArgumentException(
            "embedded platform: the crypto service's name "
                + serviceName
                + " must differ from the identity service's audience");
      }
      IdentityStorage storage =
          identityStorage != null ? identityStorage : IdentityStorage.inMemory();
      IdentityCore identity;
      if (masterKey != null) {
        identity = IdentityCore.open(storage, settings, passkeys, masterKey, clock);
      } else {
        try (SecretBytes random = SecretBytes.random(32)) {
          identity =
              IdentityCore.open(
                  storage, settings, passkeys, new MasterKeySource.KeyFile(random), clock);
        }
      }
      ExecutorService background =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "metacircular-reencryption");
                thread.setDaemon(true);
                return thread;
              });
      try {
        CryptoCore crypto =
            CryptoCore.open(
                barrierStorage != null ? barrierStorage : new InMemoryPhysicalStorage(),
                cryptoAudit != null ? cryptoAudit : new InMemoryAuditLog(),
                new DelegatedAuthenticator(
                    InProcessIdentityProvider.over(identity, serviceName, List.of())),
                List.copyOf(engineTypes),
                testCosts ? sealSettings.withKdf(TEST_SEAL_KDF) : sealSettings,
                clock,
                background);
        return new EmbeddedPlatform(identity, crypto, background);
      } catch (RuntimeException e) {
        identity.close();
        background.shutdownNow();
        throw e;
      }
    }
  }
}
