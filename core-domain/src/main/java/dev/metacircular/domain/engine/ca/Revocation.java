package dev.metacircular.domain.engine.ca;

import dev.metacircular.crypto.x509.CertificateSigner;
import dev.metacircular.crypto.x509.Crls;
import dev.metacircular.crypto.x509.OcspResponder;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mount's revocation information: per issuer (and the root, for its issuers) a complete CRL,
 * valid {@value #CRL_HOURS} h and kept until then or until a revocation, tidy or deletion changes
 * it, a delta CRL against it (the revocations since the complete CRL was made), and OCSP answers
 * for every issuer of the mount, signed by the issuer named in the request, valid {@value
 * #OCSP_MINUTES} minutes. CRL numbers rise with the clock (milliseconds), shared by complete and
 * delta CRLs as RFC 5280 asks, and never repeat within a process.
 */
final class Revocation {
  static final int CRL_HOURS = 24;
  static final int OCSP_MINUTES = 60;

  /** The most OCSP answers kept at once; the cache starts over beyond it. */
  static final int MAX_CACHED_ANSWERS = 10_000;

  private record CachedAnswer(byte[] der, Instant nextUpdate) {}

  private final Map<String, CachedAnswer> answers = new ConcurrentHashMap<>();
  private final AtomicLong statusGeneration = new AtomicLong();

  private record Published(BigInteger number, Instant thisUpdate, Instant nextUpdate, byte[] der) {}

  private final String mount;
  private final CaStore store;
  private final Authorities authorities;
  private final Clock clock;
  private final CaUrls urls;
  private final OcspResponder responder = new OcspResponder();
  private final Map<String, Published> complete = new ConcurrentHashMap<>();
  private final AtomicLong lastNumber = new AtomicLong();

  Revocation(String mount, CaStore store, Authorities authorities, Clock clock, CaUrls urls) {
    this.mount = mount;
    this.store = store;
    this.authorities = authorities;
    this.clock = clock;
    this.urls = urls;
  }

  /** The DER of issuer {@code name}'s complete or delta CRL ({@code NotFound} for no issuer). */
  byte[] crl(String name, boolean delta) {
    CertificateSigner signer = authorities.require(name);
    Published base = base(name, signer);
    if (!delta) {
      return base.der();
    }
    Instant now = clock.instant();
    List<Crls.Revoked> since = new ArrayList<>();
    for (Crls.Revoked r : revokedBy(name)) {
      if (!r.revokedAt().isBefore(base.thisUpdate())) {
        since.add(r);
      }
    }
    return Crls.build(signer, nextNumber(now), now, base.nextUpdate(), since, base.number(), null);
  }

  /**
   * The DER of the OCSP response to {@code request}. An answer to a request without a nonce is kept
   * and served again until its nextUpdate, or until a revocation, tidy or issuer deletion changes
   * any status (answers to requests with a nonce are signed afresh, as they must echo it).
   */
  byte[] ocsp(byte[] request) {
    String key = HexFormat.of().formatHex(request);
    Instant now = clock.instant();
    CachedAnswer cached = answers.get(key);
    if (cached != null && cached.nextUpdate().isAfter(now)) {
      return cached.der().clone();
    }
    long generation = statusGeneration.get();
    OcspResponder.Answer answer = sign(request, now);
    if (answer.reusable() && statusGeneration.get() == generation) {
      if (answers.size() >= MAX_CACHED_ANSWERS) {
        answers.clear();
      }
      answers.put(
          key, new CachedAnswer(answer.der().clone(), now.plus(Duration.ofMinutes(OCSP_MINUTES))));
    }
    return answer.der();
  }

  private OcspResponder.Answer sign(byte[] request, Instant now) {
    List<OcspResponder.Issuer> issuers = new ArrayList<>();
    issuers.add(new OcspResponder.Issuer(authorities.root(), this::issuerStatus));
    for (String name : store.issuerNames()) {
      authorities
          .find(name)
          .ifPresent(
              signer ->
                  issuers.add(
                      new OcspResponder.Issuer(signer, serial -> leafStatus(name, serial))));
    }
    return responder.answer(request, issuers, now, now.plus(Duration.ofMinutes(OCSP_MINUTES)));
  }

  /** Issuer {@code name}'s revocations changed: its next CRL is made afresh. */
  void changed(String name) {
    complete.remove(name);
    statusGeneration.incrementAndGet();
    answers.clear();
  }

  void clear() {
    complete.clear();
    answers.clear();
  }

  /** How many OCSP answers are cached (for tests). */
  int cachedAnswers() {
    return answers.size();
  }

  private Published base(String name, CertificateSigner signer) {
    Instant now = clock.instant();
    Published cached = complete.get(name);
    if (cached != null && cached.nextUpdate().minus(Duration.ofHours(1)).isAfter(now)) {
      return cached;
    }
    Instant next = now.plus(Duration.ofHours(CRL_HOURS));
    BigInteger number = nextNumber(now);
    byte[] der =
        Crls.build(signer, number, now, next, revokedBy(name), null, urls.deltaCrl(mount, name));
    Published published = new Published(number, now, next, der);
    complete.put(name, published);
    return published;
  }

  private List<Crls.Revoked> revokedBy(String issuer) {
    List<Crls.Revoked> out = new ArrayList<>();
    if (issuer.equals(Authorities.ROOT)) {
      return out; // issuers are removed, never revoked
    }
    for (StoredCert c : store.certs()) {
      if (c.issuer().equals(issuer) && c.revokedAt() != null) {
        out.add(new Crls.Revoked(c.serial(), c.revokedAt()));
      }
    }
    return out;
  }

  private OcspResponder.Status leafStatus(String issuer, BigInteger serial) {
    return store
        .cert(serial)
        .filter(c -> c.issuer().equals(issuer))
        .<OcspResponder.Status>map(
            c ->
                c.revokedAt() == null
                    ? new OcspResponder.Status.Good()
                    : new OcspResponder.Status.Revoked(c.revokedAt()))
        .orElse(new OcspResponder.Status.Unknown());
  }

  private OcspResponder.Status issuerStatus(BigInteger serial) {
    for (String name : store.issuerNames()) {
      var signer = authorities.find(name);
      if (signer.isPresent() && signer.get().certificate().getSerialNumber().equals(serial)) {
        return new OcspResponder.Status.Good();
      }
    }
    return new OcspResponder.Status.Unknown();
  }

  private BigInteger nextNumber(Instant now) {
    return BigInteger.valueOf(
        lastNumber.updateAndGet(prev -> Math.max(prev + 1, now.toEpochMilli())));
  }
}
