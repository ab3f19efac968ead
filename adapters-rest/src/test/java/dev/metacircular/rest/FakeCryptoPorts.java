package dev.metacircular.rest;

import dev.metacircular.ports.auth.AccountType;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.crypto.in.CryptoUseCases;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.engine.in.EngineUseCase;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.in.MountAdminUseCase;
import dev.metacircular.ports.engine.in.RequestReader;
import dev.metacircular.ports.engine.spi.BatchItem;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.engine.spi.ResourcePath;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenClaims;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.ports.transit.in.TransitValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hand-written fakes of the crypto service's ports, just smart enough to exercise the REST layer:
 * admin checks, the ACL and the seal barrier's refusals behave like the core's (with the runbook's
 * messages), so the mapping to HTTP can be observed. They record what they were given, including
 * password arrays, to prove the door wipes them, and count every port call, to prove the seal gate
 * answers before any of them.
 */
final class FakeCryptoPorts {
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  static final UUID ADMIN_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
  static final UUID USER_ID = UUID.fromString("00000000-0000-4000-8000-000000000002");
  static final String ADMIN_TOKEN = "admin.token.value";
  static final String USER_TOKEN = "user.token.value";
  static final String SEAL_PASSWORD = "the seal password of the test barrier";
  static final String NEW_SEAL_PASSWORD = "a brand new seal password for rekey";
  static final String WRONG_SEAL_PASSWORD = "not the seal password at all";
  static final String LOGIN_PASSWORD = "correct horse battery staple";
  static final int MAX_FAILED_UNSEALS = 5;
  static final Duration LOCKOUT = Duration.ofSeconds(60);

  final Seal seal = new Seal();
  final Auth auth = new Auth();
  final Mounts mounts = new Mounts();
  final Engines engines = new Engines();
  final FakeIdentityPorts.Policy acl = new FakeIdentityPorts.Policy();
  final FakeIdentityPorts.Audit audit = new FakeIdentityPorts.Audit();

  CryptoUseCases api() {
    return new CryptoUseCases(
        seal,
        auth,
        mounts,
        engines,
        FakeIdentityPorts.unused(dev.metacircular.ports.transit.in.TransitDataUseCase.class),
        acl,
        audit);
  }

  /** Back to an unsealed service with the original password and no recorded calls. */
  void reset() {
    seal.reset();
    auth.reset();
    mounts.reset();
    engines.reset();
    synchronized (acl) {
      acl.rules.clear();
    }
  }

  /** Every call made to a port other than {@code SealUseCase.state()}. */
  int portCalls() {
    return seal.calls.get() + auth.calls.get() + mounts.calls.get() + engines.calls.get();
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
        "metacrypt");
  }

  static TokenClaims claimsOf(String token) {
    if (ADMIN_TOKEN.equals(token)) {
      return claims(ADMIN_ID, "root", Set.of(Role.USER, Role.ADMIN));
    }
    if (USER_TOKEN.equals(token)) {
      return claims(USER_ID, "alice", Set.of(Role.USER));
    }
    throw new DomainException.Unauthenticated(
        token == null ? "missing token" : "invalid or expired token");
  }

  /** The barrier: a password, a state, and the unseal rate limit (5 failures, then 60 s). */
  static final class Seal implements SealUseCase {
    final AtomicInteger calls = new AtomicInteger();
    volatile SealState state;
    volatile char[] password;
    volatile int failedUnseals;
    volatile int activeVersion;

    /** Every password array the door handed over, in order (to check they were wiped). */
    final List<char[]> received = new ArrayList<>();

    volatile String lastUnsealAddress;

    void reset() {
      calls.set(0);
      state = SealState.UNSEALED;
      password = SEAL_PASSWORD.toCharArray();
      failedUnseals = 0;
      activeVersion = 1;
      lastUnsealAddress = null;
      synchronized (received) {
        received.clear();
      }
    }

    private void receive(char[] secret) {
      synchronized (received) {
        received.add(secret);
      }
    }

    @Override
    public SealState state() {
      return state;
    }

    @Override
    public synchronized void initialize(char[] given) {
      calls.incrementAndGet();
      receive(given);
      if (state != SealState.UNINITIALIZED) {
        throw new DomainException.Conflict("already initialized");
      }
      if (given.length < 12 || given.length > 1024) {
        throw new DomainException.InvalidInput("password must be 12-1024 characters");
      }
      password = given.clone();
      state = SealState.UNSEALED;
    }

    @Override
    public synchronized void unseal(char[] given, String sourceAddress) {
      calls.incrementAndGet();
      receive(given);
      lastUnsealAddress = sourceAddress;
      if (state == SealState.UNINITIALIZED) {
        throw new DomainException.PreconditionFailed("not initialized");
      }
      if (failedUnseals >= MAX_FAILED_UNSEALS) {
        throw new DomainException.TooManyRequests("too many attempts", LOCKOUT);
      }
      if (!Arrays.equals(given, password)) {
        failedUnseals++;
        throw new DomainException.Unauthenticated("invalid password");
      }
      state = SealState.UNSEALED;
    }

    @Override
    public synchronized void seal(Caller caller) {
      calls.incrementAndGet();
      requireAdmin(caller);
      state = SealState.SEALED;
    }

    @Override
    public synchronized void rekey(Caller caller, char[] oldPassword, char[] newPassword) {
      calls.incrementAndGet();
      receive(oldPassword);
      receive(newPassword);
      requireAdmin(caller);
      if (!Arrays.equals(oldPassword, password)) {
        throw new DomainException.Unauthenticated("invalid password");
      }
      password = newPassword.clone();
    }

    @Override
    public synchronized KeyRotation rotateMasterKey(Caller caller) {
      calls.incrementAndGet();
      requireAdmin(caller);
      activeVersion++;
      return status();
    }

    @Override
    public synchronized KeyRotation keyStatus(Caller caller) {
      calls.incrementAndGet();
      requireAdmin(caller);
      return status();
    }

    private KeyRotation status() {
      List<Integer> versions = new ArrayList<>();
      for (int v = 1; v <= activeVersion; v++) {
        versions.add(v);
      }
      return new KeyRotation(
          activeVersion, versions, activeVersion > 1 ? 42 : 0, activeVersion > 1);
    }

    List<char[]> received() {
      synchronized (received) {
        return List.copyOf(received);
      }
    }
  }

  /** Delegated authentication: two known tokens; login forwards "alice" with the right password. */
  static final class Auth implements DelegatedAuthenticationUseCase {
    final AtomicInteger calls = new AtomicInteger();
    final List<String> loggedOut = new ArrayList<>();
    volatile String lastUsername;
    volatile String lastTotpCode;
    volatile String lastAddress;
    volatile char[] lastPassword;

    void reset() {
      calls.set(0);
      synchronized (loggedOut) {
        loggedOut.clear();
      }
      lastUsername = null;
      lastTotpCode = null;
      lastAddress = null;
      lastPassword = null;
    }

    @Override
    public IssuedToken login(
        String username, char[] password, String totpCode, String sourceAddress) {
      calls.incrementAndGet();
      lastUsername = username;
      lastTotpCode = totpCode;
      lastAddress = sourceAddress;
      lastPassword = password;
      if (username.equals("locked")) {
        throw new DomainException.TooManyRequests("too many attempts", Duration.ofMillis(1500));
      }
      if (!username.equals("alice") || !Arrays.equals(password, LOGIN_PASSWORD.toCharArray())) {
        throw new DomainException.Unauthenticated("invalid credentials");
      }
      return new IssuedToken(USER_TOKEN, "jti-alice", NOW.plusSeconds(3600));
    }

    @Override
    public Caller authenticate(String bearerToken, String sourceAddress) {
      calls.incrementAndGet();
      TokenClaims c = claimsOf(bearerToken);
      return new Caller(
          c.accountId(), c.username(), c.roles(), c.accountType(), c.jti(), sourceAddress);
    }

    @Override
    public TokenClaims tokenInfo(String bearerToken) {
      calls.incrementAndGet();
      return claimsOf(bearerToken);
    }

    @Override
    public void logout(String bearerToken, String sourceAddress) {
      calls.incrementAndGet();
      claimsOf(bearerToken);
      synchronized (loggedOut) {
        loggedOut.add(bearerToken + "@" + sourceAddress);
      }
    }
  }

  /** Mounts by name (admin only); "transit" and "pki" are the known types. */
  static final class Mounts implements MountAdminUseCase {
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, Mount> byName = new LinkedHashMap<>();
    volatile Map<String, Object> lastConfig;

    synchronized void reset() {
      calls.set(0);
      byName.clear();
      byName.put("transit", new Mount("transit", "transit", Map.of()));
      lastConfig = null;
    }

    @Override
    public synchronized Mount mount(
        Caller caller, String name, String type, Map<String, Object> config) {
      calls.incrementAndGet();
      requireAdmin(caller);
      lastConfig = config;
      if (!types().contains(type)) {
        throw new DomainException.InvalidInput("unknown engine type");
      }
      Mount mount = new Mount(name, type, config);
      if (byName.containsKey(name)) {
        throw new DomainException.Conflict("mount already exists");
      }
      byName.put(name, mount);
      return mount;
    }

    @Override
    public synchronized List<Mount> list(Caller caller) {
      calls.incrementAndGet();
      requireAdmin(caller);
      return List.copyOf(byName.values());
    }

    @Override
    public synchronized void unmount(Caller caller, String name) {
      calls.incrementAndGet();
      requireAdmin(caller);
      if (byName.remove(name) == null) {
        throw new DomainException.NotFound("mount not found");
      }
    }

    @Override
    public List<String> types() {
      return List.of("pki", "transit");
    }
  }

  /**
   * Engine operations: the ACL lets non-admins call only {@code encrypt} on {@code transit}. {@code
   * encrypt} is a sample typed operation ({@link Sample} in, {@link SampleAnswer} out) that answers
   * what arrived; any other operation answers its mount and name without reading data. Mount {@code
   * broken} fails internally, mount {@code missing} does not exist.
   */
  static final class Engines implements EngineUseCase {
    final AtomicInteger calls = new AtomicInteger();
    volatile String lastMount;
    volatile String lastOperation;
    volatile Sample last;
    volatile Caller lastCaller;

    /** The sample operation's request: one of each kind of field the JSON door maps. */
    record Sample(
        byte[] plaintext,
        Integer count,
        Boolean flag,
        String unicode,
        List<BatchItem<Item>> items) {
      Sample {
        if (plaintext == null) {
          throw new DomainException.InvalidInput("plaintext is required");
        }
      }
    }

    /** A batch item of the sample. */
    record Item(byte[] plaintext) {
      Item {
        if (plaintext == null) {
          throw new DomainException.InvalidInput("plaintext is required");
        }
      }
    }

    /** What the sample answers: a text value, the typed fields back, null ones left out. */
    record SampleAnswer(
        String mount,
        String operation,
        TransitValue ciphertext,
        Integer count,
        Boolean flag,
        String unicode,
        String note,
        List<String> items) {}

    /** Any other operation's answer. */
    record Plain(String mount, String operation) {}

    static final Operation<Sample, SampleAnswer> SAMPLE =
        Operation.reading(
            "transit", "encrypt", Sample.class, SampleAnswer.class, ResourcePath.none());

    void reset() {
      calls.set(0);
      last = null;
      lastMount = null;
      lastOperation = null;
      lastCaller = null;
    }

    @Override
    public <Q extends Record, R extends Record> R run(
        Caller caller, String mount, Operation<Q, R> operation, Q request) {
      throw new UnsupportedOperationException("the REST door dispatches by name");
    }

    @Override
    public <Q extends Record, R extends Record> R run(
        Caller caller, String mount, Operation<Q, R> operation, RequestReader data) {
      throw new UnsupportedOperationException("the REST door dispatches by name");
    }

    @Override
    public <Q extends Record, R extends Record> R runPublic(
        String mount, Operation<Q, R> operation, Q request, String sourceAddress) {
      throw new UnsupportedOperationException("the REST door dispatches by name");
    }

    @Override
    public Record dispatch(Caller caller, String mount, String operation, RequestReader data) {
      calls.incrementAndGet();
      lastMount = mount;
      lastOperation = operation;
      lastCaller = caller;
      if (!caller.isAdmin() && !(mount.equals("transit") && operation.equals("encrypt"))) {
        throw new DomainException.Forbidden("permission denied");
      }
      switch (mount) {
        case "broken" -> throw new IllegalStateException("engine state at /var/lib/secret corrupt");
        case "missing" -> throw new DomainException.NotFound("mount not found");
        default -> {}
      }
      if (!operation.equals("encrypt")) {
        return new Plain(mount, operation);
      }
      Sample sample = data.read(SAMPLE);
      last = sample;
      List<String> items = new ArrayList<>();
      if (sample.items() != null) {
        for (BatchItem<Item> item : sample.items()) {
          items.add(
              item instanceof BatchItem.Valid<Item> valid
                  ? valid.value().plaintext().length + " bytes"
                  : ((BatchItem.Refused<Item>) item).reason());
        }
      }
      return new SampleAnswer(
          mount,
          operation,
          new TransitValue(1, new byte[3]),
          sample.count(),
          sample.flag(),
          sample.unicode(),
          null,
          items);
    }
  }
}
