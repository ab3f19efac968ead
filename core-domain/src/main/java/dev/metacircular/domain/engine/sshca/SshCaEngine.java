package dev.metacircular.domain.engine.sshca;

import static dev.metacircular.ports.ssh.in.SshCaOperations.CREATE_PROFILE;
import static dev.metacircular.ports.ssh.in.SshCaOperations.DELETE_PROFILE;
import static dev.metacircular.ports.ssh.in.SshCaOperations.GET_CA_KEY;
import static dev.metacircular.ports.ssh.in.SshCaOperations.GET_CERT;
import static dev.metacircular.ports.ssh.in.SshCaOperations.GET_KRL;
import static dev.metacircular.ports.ssh.in.SshCaOperations.GET_PROFILE;
import static dev.metacircular.ports.ssh.in.SshCaOperations.LIST_CERTS;
import static dev.metacircular.ports.ssh.in.SshCaOperations.LIST_PROFILES;
import static dev.metacircular.ports.ssh.in.SshCaOperations.REVOKE;
import static dev.metacircular.ports.ssh.in.SshCaOperations.SIGN;
import static dev.metacircular.ports.ssh.in.SshCaOperations.UPDATE_PROFILE;

import dev.metacircular.crypto.SecretBytes;
import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.ssh.SshCertificate;
import dev.metacircular.crypto.ssh.SshKeyType;
import dev.metacircular.crypto.ssh.SshPublicKey;
import dev.metacircular.crypto.ssh.SshReader;
import dev.metacircular.crypto.ssh.SshSigningKey;
import dev.metacircular.crypto.ssh.SshWriter;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.out.EngineStorage;
import dev.metacircular.ports.engine.spi.Engine;
import dev.metacircular.ports.engine.spi.EngineContext;
import dev.metacircular.ports.engine.spi.Handlers;
import dev.metacircular.ports.engine.spi.Operation;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.ssh.in.CaKey;
import dev.metacircular.ports.ssh.in.CertificateList;
import dev.metacircular.ports.ssh.in.GetKrl;
import dev.metacircular.ports.ssh.in.IssuedCertificate;
import dev.metacircular.ports.ssh.in.Krl;
import dev.metacircular.ports.ssh.in.ListCertificates;
import dev.metacircular.ports.ssh.in.ProfileDeleted;
import dev.metacircular.ports.ssh.in.ProfileList;
import dev.metacircular.ports.ssh.in.ProfileName;
import dev.metacircular.ports.ssh.in.Revocation;
import dev.metacircular.ports.ssh.in.RevokeCertificate;
import dev.metacircular.ports.ssh.in.SerialNumber;
import dev.metacircular.ports.ssh.in.SignKey;
import dev.metacircular.ports.ssh.in.SignedCertificate;
import dev.metacircular.ports.ssh.in.SshCaOperations;
import dev.metacircular.ports.ssh.in.SshProfile;
import dev.metacircular.ports.ssh.in.SshTtl;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open SSH CA mount. Operations ({@link SshCaOperations}; see {@code docs/ssh.md}):
 *
 * <ul>
 *   <li>Profiles ({@code create-profile}, {@code update-profile}, {@code get-profile}, {@code
 *       list-profiles}, {@code delete-profile}): what a certificate may say, stored at {@code
 *       profiles/<name>}.
 *   <li>{@code sign}: checks the key (garbage is {@code InvalidInput}; a kind or RSA size the
 *       profile refuses is {@code Forbidden}), every principal against the profile with {@code
 *       {{username}}} = the caller ({@code Forbidden} naming the first one refused), caps the
 *       lifetime at max_ttl and says so in the answer, picks a random non-zero 64-bit serial not
 *       used before, sets the key id to {@code <username>-<serial>} (the caller's one only when the
 *       profile allows it), signs, and records the certificate at {@code certs/<serial>}: who
 *       asked, the key's fingerprint, principals, validity.
 *   <li>{@code revoke} by serial (idempotent) or by key id (every certificate with it; the KRL
 *       lists the key id too): the records and the KRL state are written in one atomic write, and
 *       the new KRL is what the next {@code get-krl} answers.
 *   <li>{@code get-ca-key} and {@code get-krl}: the public reads.
 * </ul>
 *
 * <p>Storage: {@code ca/key} (key type and PKCS#8, sealed by the barrier like every value), {@code
 * profiles/}, {@code certs/}, {@code krl/state}. Changes are serialised by one lock; signing itself
 * runs outside it. {@link #close()} drops the CA key. Thread-safe.
 */
public final class SshCaEngine implements Engine {

  static final String CA_KEY = "ca/key";
  static final String PROFILES = "profiles/";

  /** Nonce length of every certificate (PROTOCOL.certkeys suggests 16 or 32). */
  private static final int NONCE_BYTES = 32;

  private final EngineStorage storage;
  private final Clock clock;
  private final Handlers handlers;
  private final Object changes = new Object();
  // Decoded profiles, read on every sign: filled on first use and changed only under `changes`,
  // so a reader never puts back a profile an update has replaced.
  private final Map<String, SshProfile> profiles = new ConcurrentHashMap<>();
  private final SshSigningKey ca;
  private volatile RevocationList revocations;
  private volatile boolean closed;

  SshCaEngine(EngineContext context, SshCaEngineType.ImportedKeys imports) {
    this.storage = context.storage();
    this.clock = context.clock();
    this.ca = loadOrCreateKey(context, imports);
    this.revocations = loadOrCreateRevocations();
    this.handlers =
        Handlers.of(SshCaOperations.ALL)
            .on(CREATE_PROFILE, this::createProfile)
            .on(UPDATE_PROFILE, this::updateProfile)
            .on(GET_PROFILE, r -> requireProfile("name", r.name()))
            .on(LIST_PROFILES, r -> new ProfileList(profileNames()))
            .on(DELETE_PROFILE, this::deleteProfile)
            .onCall(SIGN, this::sign)
            .on(REVOKE, this::revoke)
            .on(LIST_CERTS, this::listCerts)
            .on(GET_CERT, r -> requireCert(r.serialNumber()))
            .on(GET_CA_KEY, r -> caKey())
            .on(GET_KRL, this::krl)
            .bound();
  }

  @Override
  public <Q extends Record, R extends Record> R handle(
      Operation<Q, R> operation, Q request, Caller caller) {
    if (closed) {
      throw new IllegalStateException("sshca engine is closed");
    }
    return handlers.handle(operation, request, caller);
  }

  @Override
  public void close() {
    closed = true;
    profiles.clear();
    ca.destroy();
  }

  // --- the CA key and the KRL ---

  private SshSigningKey loadOrCreateKey(
      EngineContext context, SshCaEngineType.ImportedKeys imports) {
    Optional<byte[]> stored = storage.get(CA_KEY);
    if (stored.isPresent()) {
      SshReader r = new SshReader(stored.get());
      r.utf8();
      byte[] pkcs8 = r.string();
      try {
        return SshSigningKey.fromPkcs8(pkcs8);
      } finally {
        java.util.Arrays.fill(pkcs8, (byte) 0);
      }
    }
    SshSigningKey key;
    if (Boolean.TRUE.equals(context.config().get("imported"))) {
      key = imports.take((String) context.config().get("import_ref"));
      if (key == null) {
        throw new IllegalStateException(
            "the imported SSH CA key of mount " + context.mountName() + " was never stored");
      }
    } else {
      Object type = context.config().getOrDefault("key_type", SshKeyType.ED25519.wireName());
      key = SshSigningKey.generate(SshKeyType.fromWire((String) type), SecureRandoms.instance());
    }
    try (SecretBytes pkcs8 = key.pkcs8()) {
      byte[] record =
          pkcs8.withBytes(
              der ->
                  new SshWriter(der.length + 32)
                      .string(key.type().wireName())
                      .string(der)
                      .toByteArray());
      try {
        storage.put(CA_KEY, record);
      } finally {
        java.util.Arrays.fill(record, (byte) 0);
      }
    }
    return key;
  }

  private RevocationList loadOrCreateRevocations() {
    Optional<byte[]> stored = storage.get(RevocationList.PATH);
    if (stored.isPresent()) {
      return RevocationList.decode(stored.get(), ca);
    }
    RevocationList empty = RevocationList.empty(now(), ca);
    storage.put(RevocationList.PATH, empty.encode());
    return empty;
  }

  private CaKey caKey() {
    SshPublicKey key = ca.publicKey();
    return new CaKey(key.line(null), ca.type().wireName(), key.fingerprint());
  }

  private Krl krl(GetKrl request) {
    RevocationList list = revocations;
    return new Krl(
        list.krl(request.signed()),
        list.version,
        list.generatedAt,
        list.serials.size(),
        list.keyIds.size());
  }

  // --- profiles ---

  private SshProfile createProfile(SshProfile profile) {
    synchronized (changes) {
      if (storage.get(PROFILES + profile.name()).isPresent()) {
        throw new DomainException.Conflict("profile " + profile.name() + " already exists");
      }
      storage.put(PROFILES + profile.name(), ProfileRecords.encode(profile));
      profiles.put(profile.name(), profile);
    }
    return profile;
  }

  private SshProfile updateProfile(SshProfile profile) {
    synchronized (changes) {
      requireProfile("name", profile.name());
      storage.put(PROFILES + profile.name(), ProfileRecords.encode(profile));
      profiles.put(profile.name(), profile);
    }
    return profile;
  }

  private ProfileDeleted deleteProfile(ProfileName request) {
    synchronized (changes) {
      profiles.remove(request.name());
      if (!storage.delete(PROFILES + request.name())) {
        throw new DomainException.NotFound("profile " + request.name() + " not found");
      }
    }
    return new ProfileDeleted(request.name(), true);
  }

  private SshProfile requireProfile(String field, String name) {
    SshProfile known = profiles.get(name);
    if (known != null) {
      return known;
    }
    synchronized (changes) {
      SshProfile stored =
          storage
              .get(PROFILES + name)
              .map(ProfileRecords::decode)
              .orElseThrow(() -> new DomainException.NotFound("profile " + name + " not found"));
      profiles.put(name, stored);
      return stored;
    }
  }

  private List<String> profileNames() {
    List<String> names = new ArrayList<>();
    for (String path : storage.list(PROFILES)) {
      names.add(path.substring(PROFILES.length()));
    }
    return names;
  }

  // --- signing ---

  private SignedCertificate sign(SignKey request, Caller caller) {
    SshProfile profile = requireProfile("profile", request.profile());
    SshPublicKey key;
    try {
      key = SshPublicKey.parse(request.publicKey());
    } catch (IllegalArgumentException e) {
      throw new DomainException.InvalidInput("public_key: " + e.getMessage());
    }
    if (!profile.allowedKeyTypes().contains(key.kind())) {
      throw new DomainException.Forbidden(
          "profile "
              + profile.name()
              + " does not certify "
              + key.kind()
              + " keys (allowed: "
              + String.join(", ", profile.allowedKeyTypes())
              + ")");
    }
    if (key.kind().equals("rsa") && key.bits() < profile.minRsaBits()) {
      throw new DomainException.Forbidden(
          "the RSA key has "
              + key.bits()
              + " bits; profile "
              + profile.name()
              + " needs at least "
              + profile.minRsaBits());
    }
    for (String principal : request.principals()) {
      if (!PrincipalRules.allows(profile.allowedPrincipals(), principal, caller.name())) {
        throw new DomainException.Forbidden(
            "principal " + principal + " is not allowed by profile " + profile.name());
      }
    }
    if (request.keyId() != null && !profile.allowUserKeyIds()) {
      throw new DomainException.Forbidden(
          "profile " + profile.name() + " does not allow choosing key_id (allow_user_key_ids)");
    }
    SshTtl asked = request.ttl() != null ? request.ttl() : profile.defaultTtl();
    boolean capped = asked.seconds() > profile.maxTtl().seconds();
    SshTtl ttl = capped ? profile.maxTtl() : asked;
    String notice =
        capped
            ? "ttl "
                + asked.text()
                + " capped at profile "
                + profile.name()
                + "'s max_ttl "
                + ttl.text()
            : null;
    Instant now = now();
    Instant validBefore = now.plusSeconds(ttl.seconds());
    int type = profile.forUsers() ? SshCertificate.USER : SshCertificate.HOST;
    while (true) {
      SerialNumber serial = newSerial();
      String keyId =
          request.keyId() != null ? request.keyId() : caller.name() + "-" + serial.text();
      SshCertificate cert =
          new SshCertificate(
              key,
              SecureRandoms.bytes(NONCE_BYTES),
              serial.value(),
              type,
              keyId,
              request.principals(),
              now.getEpochSecond(),
              validBefore.getEpochSecond(),
              new TreeMap<>(profile.criticalOptions()),
              new TreeMap<>(profile.extensions()));
      String line = SshCertificate.line(cert.signWith(ca), keyId);
      IssuedCertificate record =
          new IssuedCertificate(
              serial,
              keyId,
              profile.name(),
              profile.certType(),
              caller.name(),
              key.fingerprint(),
              request.principals(),
              now,
              now,
              validBefore,
              false,
              null,
              line);
      synchronized (changes) {
        if (storage.get(CertificateRecords.path(serial)).isPresent()) {
          continue; // a serial drawn twice: draw again, never reuse one
        }
        storage.put(CertificateRecords.path(serial), CertificateRecords.encode(record));
      }
      return new SignedCertificate(
          line,
          serial,
          keyId,
          profile.certType(),
          request.principals(),
          now,
          validBefore,
          ttl,
          capped,
          notice);
    }
  }

  private static SerialNumber newSerial() {
    while (true) {
      long value = ByteBuffer.wrap(SecureRandoms.bytes(8)).getLong();
      if (value != 0) {
        return new SerialNumber(value);
      }
    }
  }

  // --- the issued-certificate store and revocation ---

  private IssuedCertificate requireCert(SerialNumber serial) {
    return storage
        .get(CertificateRecords.path(serial))
        .map(CertificateRecords::decode)
        .orElseThrow(
            () -> new DomainException.NotFound("certificate " + serial.text() + " not found"));
  }

  private List<IssuedCertificate> allCerts() {
    List<IssuedCertificate> certs = new ArrayList<>();
    for (String path : storage.list(CertificateRecords.PREFIX)) {
      storage.get(path).map(CertificateRecords::decode).ifPresent(certs::add);
    }
    certs.sort(
        Comparator.comparing(IssuedCertificate::issuedAt)
            .thenComparing(c -> c.serialNumber().text()));
    return certs;
  }

  private CertificateList listCerts(ListCertificates request) {
    List<IssuedCertificate> out = new ArrayList<>();
    for (IssuedCertificate c : allCerts()) {
      if (request.principal() != null && !c.principals().contains(request.principal())) {
        continue;
      }
      if (request.revoked() != null && c.revoked() != request.revoked()) {
        continue;
      }
      out.add(c.summary());
    }
    return new CertificateList(out);
  }

  private Revocation revoke(RevokeCertificate request) {
    synchronized (changes) {
      Instant now = now();
      List<IssuedCertificate> targets;
      if (request.serialNumber() != null) {
        targets = List.of(requireCert(request.serialNumber()));
      } else {
        targets = allCerts().stream().filter(c -> c.keyId().equals(request.keyId())).toList();
        if (targets.isEmpty()) {
          throw new DomainException.NotFound(
              "no certificate with key_id " + request.keyId() + " was issued here");
        }
      }
      List<IssuedCertificate> fresh = targets.stream().filter(c -> !c.revoked()).toList();
      boolean newKeyId = request.keyId() != null && !revocations.keyIds.contains(request.keyId());
      if (fresh.isEmpty() && !newKeyId) {
        // Already revoked: the same answer again, nothing written.
        IssuedCertificate first = targets.get(0);
        return new Revocation(
            targets.stream().map(IssuedCertificate::serialNumber).toList(),
            request.keyId(),
            first.revokedAt(),
            revocations.version);
      }
      List<Long> serials = fresh.stream().map(c -> c.serialNumber().value()).toList();
      RevocationList next = revocations.with(serials, request.keyId(), now, ca);
      Map<String, byte[]> writes = new LinkedHashMap<>();
      for (IssuedCertificate c : fresh) {
        writes.put(
            CertificateRecords.path(c.serialNumber()),
            CertificateRecords.encode(CertificateRecords.revoked(c, now)));
      }
      writes.put(RevocationList.PATH, next.encode());
      storage.putAll(writes);
      revocations = next;
      return new Revocation(
          targets.stream().map(IssuedCertificate::serialNumber).toList(),
          request.keyId(),
          now,
          next.version);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
