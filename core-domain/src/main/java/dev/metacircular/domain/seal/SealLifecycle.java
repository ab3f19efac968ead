package dev.metacircular.domain.seal;

import dev.metacircular.crypto.Argon2id;
import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.SealingKey;
import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.domain.access.Admins;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.CryptoAuditTypes;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.ports.storage.StorageWrite;
import dev.metacircular.ports.storage.out.PhysicalStorage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The lifecycle of the crypto service's seal barrier (DESIGN.md §3.1; OpenBao's {@code
 * barrier.go}): init, unseal, seal, rekey and master key rotation over the key hierarchy. The data
 * side, reading and writing entries through the keys this opens, is {@link Barrier}; the two share
 * a {@link SealGate} (state, keys, lock) and the lifecycle creates the barrier, never the reverse.
 *
 * <pre>
 * seal password ─Argon2id(salt, cost at core/seal-config)→ KWK (wiped right after use)
 *   KWK opens core/keyring          → MEK versions 1..k (held only while unsealed)
 *   MEK v(i-1) opens core/mek/&lt;i&gt;  → MEK version i, for each rotation since the last rekey
 *   active MEK seals sys/…           → system entries, including each mount's DEK (sys/deks/…)
 *   a mount's DEK seals engine/&lt;mount&gt;/… → that engine's entries
 * </pre>
 *
 * <p>Every entry is AES-256-GCM with a fresh nonce, its version byte and key id authenticated, and
 * its full storage path as associated data. <b>Rekey</b> re-wraps the whole keyring under a key
 * derived from the new password and drops the rotation chain: no entry is re-encrypted.
 * <b>Rotation</b> adds a MEK version (sealed under the previous one, since the KWK no longer exists
 * while unsealed) and re-encrypts {@code sys/} entries in the background, resuming at the next
 * unseal if sealed or stopped half-way.
 *
 * <p>Concurrency: data operations run under the read side of the gate's lock and check the state
 * there; seal takes the write side, so it waits for operations in flight, then wipes every key and
 * closes every engine. Init, unseal, rekey and rotate are serialised among themselves.
 */
public final class SealLifecycle implements SealUseCase {

  static final String MEK_CHAIN = "core/mek/";
  static final String ROTATION_MARKER = "core/rotation";
  static final int MIN_PASSWORD = 12;
  static final int MAX_PASSWORD = 1024;
  private static final String ACTOR = "metacrypt";

  private final PhysicalStorage storage;
  private final SealSettings settings;
  private final Clock clock;
  private final AuditLog audit;
  private final Executor background;
  private final UnsealLimiter limiter;
  private final Object lifecycle = new Object();
  private final SealGate gate;
  private final Barrier barrier;

  /**
   * A barrier over {@code storage}: {@code UNINITIALIZED} when the storage holds no seal
   * configuration, {@code SEALED} otherwise. {@code background} runs re-encryption after a
   * rotation.
   */
  public SealLifecycle(
      PhysicalStorage storage,
      SealSettings settings,
      Clock clock,
      AuditLog audit,
      Executor background) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.background = Objects.requireNonNull(background, "background");
    this.limiter = new UnsealLimiter(clock, settings);
    this.gate =
        new SealGate(
            storage.get(SealConfig.PATH).isPresent() ? SealState.SEALED : SealState.UNINITIALIZED);
    this.barrier = new Barrier(gate, storage);
    gate.onSeal(barrier::forgetKeys); // first listener: data keys go before engines close
  }

  /** The encrypted store behind this barrier (system entries and per-mount storage). */
  public Barrier barrier() {
    return barrier;
  }

  /** Runs {@code listener} after every seal, once all keys are wiped (engines close there). */
  public void onSeal(Runnable listener) {
    gate.onSeal(listener);
  }

  @Override
  public SealState state() {
    noticeOfflineInit();
    return gate.state();
  }

  /**
   * The offline tool ({@code mc metacrypt init}) may initialize the storage while a server that
   * found it empty is running: that server is then sealed, not uninitialized.
   */
  private void noticeOfflineInit() {
    if (gate.state() == SealState.UNINITIALIZED) {
      synchronized (lifecycle) {
        if (gate.state() == SealState.UNINITIALIZED && storage.get(SealConfig.PATH).isPresent()) {
          gate.moveTo(SealState.SEALED);
        }
      }
    }
  }

  @Override
  public void initialize(char[] password) {
    checkPassword(password, "password");
    synchronized (lifecycle) {
      if (gate.state() == SealState.INITIALIZING) {
        throw new DomainException.Conflict("initialization in progress");
      }
      if (gate.state() != SealState.UNINITIALIZED || storage.get(SealConfig.PATH).isPresent()) {
        throw new DomainException.Conflict("already initialized");
      }
      gate.moveTo(SealState.INITIALIZING);
      Keyring fresh = Keyring.fresh();
      try {
        SealConfig config = SealConfig.fresh(settings.kdf());
        byte[] wrapped;
        try (SealingKey kwk = deriveKwk(password, config)) {
          wrapped = fresh.wrap(kwk);
        }
        record(
            CryptoAuditTypes.BARRIER_INITIALIZED,
            ACTOR,
            "",
            Map.of()); // audit fails closed: before the write
        storage.apply(
            List.of(
                StorageWrite.put(SealConfig.PATH, config.encode()),
                StorageWrite.put(Keyring.PATH, wrapped)));
      } catch (RuntimeException e) {
        fresh.destroy();
        gate.moveTo(SealState.UNINITIALIZED);
        throw e;
      }
      gate.open(fresh);
    }
  }

  @Override
  public void unseal(char[] password, String sourceAddress) {
    if (password == null || password.length == 0) {
      throw new DomainException.InvalidInput("password is required");
    }
    noticeOfflineInit();
    synchronized (lifecycle) {
      SealState now = gate.state();
      if (now == SealState.UNINITIALIZED) {
        throw new DomainException.PreconditionFailed("not initialized");
      }
      if (now == SealState.INITIALIZING) {
        throw new DomainException.Unavailable("initialization in progress");
      }
      if (now == SealState.UNSEALED) {
        // Nothing to open: no key derivation (an Argon2 run per request would be a cheap way to
        // load the server) and no failure counted (or anyone could lock out rekey).
        return;
      }
      limiter.checkAllowed();
      Keyring opened;
      try {
        opened = openKeyring(password);
      } catch (DomainException.Unauthenticated e) {
        limiter.recordFailure();
        record(CryptoAuditTypes.UNSEAL_FAILURE, ACTOR, "", sourceAddress, Map.of());
        throw e;
      }
      limiter.recordSuccess();
      try {
        record(CryptoAuditTypes.UNSEAL_SUCCESS, ACTOR, "", sourceAddress, Map.of());
      } catch (RuntimeException e) {
        opened.destroy(); // audit fails closed: no unseal without its entry
        throw e;
      }
      gate.open(opened);
      if (storage.get(ROTATION_MARKER).isPresent()) {
        startReencryption();
      }
    }
  }

  @Override
  public void seal(Caller caller) {
    Admins.require(caller);
    synchronized (lifecycle) {
      if (gate.state() == SealState.UNINITIALIZED) {
        throw new DomainException.PreconditionFailed("not initialized");
      }
      if (!gate.close()) {
        return;
      }
      record(CryptoAuditTypes.SEALED, caller.auditActor(), "", caller.sourceAddress(), Map.of());
    }
  }

  @Override
  public void rekey(Caller caller, char[] oldPassword, char[] newPassword) {
    Admins.require(caller);
    if (oldPassword == null || oldPassword.length == 0) {
      throw new DomainException.InvalidInput("old_password is required");
    }
    checkPassword(newPassword, "new_password");
    synchronized (lifecycle) {
      gate.keys(); // refuses while sealed
      limiter.checkAllowed();
      SealConfig config = SealConfig.fresh(settings.kdf());
      try (SealingKey newKwk = deriveKwk(newPassword, config)) {
        // The keyring as stored now, chain included (another process may have rotated since
        // this one unsealed): that is what the new password must protect.
        Keyring stored;
        try {
          stored = openKeyring(oldPassword);
        } catch (DomainException.Unauthenticated e) {
          limiter.recordFailure();
          record(
              CryptoAuditTypes.UNSEAL_FAILURE,
              caller.auditActor(),
              "rekey",
              caller.sourceAddress(),
              Map.of());
          throw e;
        }
        try {
          limiter.recordSuccess();
          List<StorageWrite> writes = new ArrayList<>();
          writes.add(StorageWrite.put(SealConfig.PATH, config.encode()));
          writes.add(StorageWrite.put(Keyring.PATH, stored.wrap(newKwk)));
          // Only the chain entries folded into the keyring go: one that another process adds
          // meanwhile is sealed under a version the new keyring holds, so unseal still follows it.
          for (int v : stored.versions()) {
            writes.add(StorageWrite.delete(MEK_CHAIN + v));
          }
          record(
              CryptoAuditTypes.REKEYED, caller.auditActor(), "", caller.sourceAddress(), Map.of());
          storage.apply(writes);
        } finally {
          stored.destroy();
        }
      }
    }
  }

  @Override
  public KeyRotation rotateMasterKey(Caller caller) {
    Admins.require(caller);
    synchronized (lifecycle) {
      Keyring current = gate.keys();
      Keyring next = current.rotated();
      int version = next.activeVersion();
      String path = MEK_CHAIN + version;
      byte[] raw = next.activeKey().exportForWrapping();
      byte[] sealed;
      try {
        sealed = current.activeKey().seal(raw, Barrier.aad(path));
      } finally {
        java.util.Arrays.fill(raw, (byte) 0);
      }
      record(
          CryptoAuditTypes.MASTER_KEY_ROTATED,
          caller.auditActor(),
          Integer.toString(version),
          caller.sourceAddress(),
          Map.of());
      storage.apply(
          List.of(
              StorageWrite.put(path, sealed),
              StorageWrite.put(
                  ROTATION_MARKER,
                  Integer.toString(version).getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
      gate.replaceKeys(next); // shares the old versions' keys: nothing to destroy
      startReencryption();
      return status(next);
    }
  }

  @Override
  public KeyRotation keyStatus(Caller caller) {
    Admins.require(caller);
    return gate.whileUnsealed(() -> status(gate.keys()));
  }

  /**
   * Runs {@code work} while the barrier stays unsealed: seal waits for it to finish. Throws {@code
   * Unavailable("sealed")} (or {@code PreconditionFailed("not initialized")}) otherwise.
   */
  public <T> T whileUnsealed(Supplier<T> work) {
    return gate.whileUnsealed(work);
  }

  /** The master key versions while unsealed (tests look at what seal wipes). */
  Keyring keys() {
    return gate.keys();
  }

  // --- internals -------------------------------------------------------------------------------

  /** Opens the stored keyring and the rotation chain with the password; wipes the KWK. */
  private Keyring openKeyring(char[] password) {
    byte[] configBytes =
        storage
            .get(SealConfig.PATH)
            .orElseThrow(() -> new DomainException.PreconditionFailed("not initialized"));
    SealConfig config = SealConfig.decode(configBytes);
    byte[] wrapped =
        storage.get(Keyring.PATH).orElseThrow(() -> new BarrierIntegrityException(Keyring.PATH));
    Keyring ring;
    try (SealingKey kwk = deriveKwk(password, config)) {
      ring = Keyring.unwrap(wrapped, kwk);
    } catch (IntegrityException e) {
      throw new DomainException.Unauthenticated("invalid password");
    }
    return followChain(ring);
  }

  private Keyring followChain(Keyring ring) {
    Keyring current = ring;
    while (true) {
      int version = current.activeVersion() + 1;
      String path = MEK_CHAIN + version;
      Optional<byte[]> sealed = storage.get(path);
      if (sealed.isEmpty()) {
        return current;
      }
      byte[] raw;
      try {
        raw = current.activeKey().open(sealed.get(), Barrier.aad(path));
      } catch (IntegrityException e) {
        current.destroy();
        throw new BarrierIntegrityException(path);
      }
      try (SecretBytes secret = SecretBytes.wrap(raw)) {
        current = current.with(version, new SealingKey(version, secret));
      }
    }
  }

  private static SealingKey deriveKwk(char[] password, SealConfig config) {
    try (SecretBytes derived =
        Argon2id.derive(password, config.salt(), config.kdf(), SealingKey.KEY_LENGTH)) {
      return new SealingKey(0, derived);
    }
  }

  private KeyRotation status(Keyring ring) {
    long pending = barrier.entriesBelow(ring.activeVersion());
    boolean running = storage.get(ROTATION_MARKER).isPresent();
    return new KeyRotation(ring.activeVersion(), ring.versions(), pending, running);
  }

  private void startReencryption() {
    background.execute(new Reencryption(gate, barrier, storage));
  }

  private static void checkPassword(char[] password, String field) {
    if (password == null || password.length == 0) {
      throw new DomainException.InvalidInput(field + " is required");
    }
    if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
      throw new DomainException.InvalidInput(
          field + " must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters");
    }
  }

  private void record(String type, String actor, String subject, Map<String, String> details) {
    record(type, actor, subject, "", details);
  }

  private void record(
      String type, String actor, String subject, String source, Map<String, String> details) {
    audit.append(AuditEvent.of(clock.instant(), type, actor, subject, source, details));
  }
}
