package dev.metacircular.domain.engine.u2u;

import static dev.metacircular.ports.u2u.in.UserCryptoOperations.DECRYPT;
import static dev.metacircular.ports.u2u.in.UserCryptoOperations.ENCRYPT;
import static dev.metacircular.ports.u2u.in.UserCryptoOperations.GET_PUBLIC_KEY;
import static dev.metacircular.ports.u2u.in.UserCryptoOperations.REGISTER;
import static dev.metacircular.ports.u2u.in.UserCryptoOperations.ROTATE;

import dev.metacircular.crypto.IntegrityException;
import dev.metacircular.crypto.u2u.AgreementKeyType;
import dev.metacircular.crypto.u2u.StaticAgreements;
import dev.metacircular.crypto.u2u.UserEnvelope;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.Handlers;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.u2u.in.DecryptMessage;
import dev.metacircular.ports.u2u.in.EncryptMessage;
import dev.metacircular.ports.u2u.in.OpenedMessage;
import dev.metacircular.ports.u2u.in.SealedMessage;
import dev.metacircular.ports.u2u.in.UserCryptoOperations;
import dev.metacircular.ports.u2u.in.UserPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open {@code user} mount: each caller's key pair (versions, private keys only in the barrier)
 * and envelopes between them ({@link UserEnvelope}, version 1, documented in docs/u2u.md).
 *
 * <ul>
 *   <li>{@code register} makes the caller's key pair once and answers it again after; {@code
 *       rotate} adds a version (registering first if needed); {@code get-public-key} answers any
 *       registered user's latest ({@code NotFound} otherwise).
 *   <li>{@code encrypt}: the caller (who must be registered) to registered recipients ({@code
 *       NotFound} naming the first unregistered one), with the latest key versions.
 *   <li>{@code decrypt}: a malformed or corrupted envelope is {@code InvalidInput("envelope is
 *       malformed")}; a caller not among its recipients is {@code Forbidden}; an envelope that does
 *       not authenticate (any change, another sender's key) is {@code InvalidInput("envelope could
 *       not be decrypted")} and gives no plaintext. Any of the caller's key versions opens what was
 *       sealed to it.
 * </ul>
 *
 * Key records are cached after first use; changes take one lock and write storage first.
 */
public final class UserCryptoEngine implements Engine {
  static final String KEYS = "keys/";

  /**
   * Pairs of correspondents whose sender-authenticating agreement is kept while the mount is open
   * (a few hundred KiB at most; the least recent pair is wiped first).
   */
  private static final int STATIC_PAIRS = 4096;

  private final EngineStorage storage;
  private final Clock clock;
  private final AgreementKeyType type;
  private final Handlers handlers;
  private final Map<String, UserKeys> cache = new ConcurrentHashMap<>();
  private final StaticAgreements statics = new StaticAgreements(STATIC_PAIRS);
  private final Object changes = new Object();
  private volatile boolean closed;

  UserCryptoEngine(EngineContext context) {
    this.storage = context.storage();
    this.clock = context.clock();
    this.type =
        AgreementKeyType.fromWire(
            (String) context.config().getOrDefault("key_type", AgreementKeyType.X25519.wireName()));
    this.handlers =
        Handlers.of(UserCryptoOperations.ALL)
            .onCall(REGISTER, (r, caller) -> answer(caller.name(), register(caller, false)))
            .onCall(ROTATE, (r, caller) -> answer(caller.name(), register(caller, true)))
            .on(GET_PUBLIC_KEY, r -> answer(r.username(), require(r.username(), "user")))
            .onCall(ENCRYPT, this::encrypt)
            .onCall(DECRYPT, this::decrypt)
            .bound();
  }

  @Override
  public <Q extends Record, R extends Record> R handle(
      Operation<Q, R> operation, Q request, Caller caller) {
    if (closed) {
      throw new IllegalStateException("user engine is closed");
    }
    if (caller.isAnonymous()) {
      throw new DomainException.Unauthenticated("missing token");
    }
    return handlers.handle(operation, request, caller);
  }

  @Override
  public void close() {
    closed = true;
    cache.clear();
    statics.close();
  }

  private Optional<UserKeys> find(String username) {
    UserKeys cached = cache.get(username);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<UserKeys> stored = storage.get(KEYS + username).map(b -> UserKeys.decode(type, b));
    stored.ifPresent(k -> cache.put(username, k));
    return stored;
  }

  private UserKeys require(String username, String role) {
    return find(username)
        .orElseThrow(
            () ->
                new DomainException.NotFound(role + " " + username + " has not registered a key"));
  }

  private UserKeys register(Caller caller, boolean rotate) {
    synchronized (changes) {
      Optional<UserKeys> existing = find(caller.name());
      if (existing.isPresent() && !rotate) {
        return existing.get();
      }
      UserKeys next = existing.orElse(new UserKeys(type, List.of())).plus(now());
      storage.put(KEYS + caller.name(), next.encode());
      cache.put(caller.name(), next);
      return next;
    }
  }

  private UserPublicKey answer(String username, UserKeys keys) {
    UserKeys.Version latest = keys.latest();
    return new UserPublicKey(username, latest.pair().publicKey(), latest.number(), type.wireName());
  }

  private SealedMessage encrypt(EncryptMessage request, Caller caller) {
    UserKeys sender =
        find(caller.name())
            .orElseThrow(
                () ->
                    new DomainException.PreconditionFailed(
                        "register first: the sender " + caller.name() + " has no key"));
    List<UserEnvelope.Recipient> recipients = new ArrayList<>();
    for (String name : request.recipients()) {
      UserKeys.Version v = require(name, "recipient").latest();
      recipients.add(new UserEnvelope.Recipient(name, v.number(), v.pair().publicKey()));
    }
    UserKeys.Version mine = sender.latest();
    return new SealedMessage(
        UserEnvelope.seal(
            caller.name(),
            mine.number(),
            mine.pair(),
            recipients,
            request.plaintext(),
            request.context(),
            now().getEpochSecond(),
            statics));
  }

  private OpenedMessage decrypt(DecryptMessage request, Caller caller) {
    UserEnvelope.Parsed parsed;
    try {
      parsed = UserEnvelope.parse(request.envelope());
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput("envelope is malformed");
    }
    UserEnvelope.Entry entry = parsed.entryOf(caller.name());
    if (entry == null) {
      throw new DomainException.Forbidden("you are not a recipient of this envelope");
    }
    try {
      if (parsed.type() != type) {
        throw new IntegrityException();
      }
      UserKeys.Version mine =
          find(caller.name()).map(k -> k.version(entry.keyVersion())).orElse(null);
      UserKeys.Version theirs =
          find(parsed.sender()).map(k -> k.version(parsed.senderKeyVersion())).orElse(null);
      if (mine == null || theirs == null) {
        throw new IntegrityException();
      }
      byte[] plaintext =
          UserEnvelope.open(parsed, caller.name(), mine.pair(), theirs.pair().publicKey(), statics);
      return new OpenedMessage(
          plaintext,
          parsed.sender(),
          parsed.recipients(),
          Instant.ofEpochSecond(parsed.sentAt()),
          parsed.context().length == 0 ? null : parsed.context());
    } catch (IntegrityException e) {
      throw new DomainException.InvalidInput("envelope could not be decrypted");
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
