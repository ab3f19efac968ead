package dev.metacircular.domain.acme;

import static dev.metacircular.ports.acme.AcmeProblemType.ACCOUNT_DOES_NOT_EXIST;
import static dev.metacircular.ports.acme.AcmeProblemType.ALREADY_REVOKED;
import static dev.metacircular.ports.acme.AcmeProblemType.BAD_CSR;
import static dev.metacircular.ports.acme.AcmeProblemType.BAD_REVOCATION_REASON;
import static dev.metacircular.ports.acme.AcmeProblemType.CONFLICT;
import static dev.metacircular.ports.acme.AcmeProblemType.EXTERNAL_ACCOUNT_REQUIRED;
import static dev.metacircular.ports.acme.AcmeProblemType.INVALID_CONTACT;
import static dev.metacircular.ports.acme.AcmeProblemType.MALFORMED;
import static dev.metacircular.ports.acme.AcmeProblemType.NOT_FOUND;
import static dev.metacircular.ports.acme.AcmeProblemType.ORDER_NOT_READY;
import static dev.metacircular.ports.acme.AcmeProblemType.REJECTED_IDENTIFIER;
import static dev.metacircular.ports.acme.AcmeProblemType.SERVER_INTERNAL;
import static dev.metacircular.ports.acme.AcmeProblemType.UNAUTHORIZED;
import static dev.metacircular.ports.acme.AcmeProblemType.UNAVAILABLE;
import static dev.metacircular.ports.acme.AcmeProblemType.UNSUPPORTED_CONTACT;
import static dev.metacircular.ports.acme.AcmeProblemType.UNSUPPORTED_IDENTIFIER;

import dev.metacircular.crypto.SecureRandoms;
import dev.metacircular.crypto.x509.CertificateRequest;
import dev.metacircular.crypto.x509.Pem;
import dev.metacircular.domain.acme.AcmeState.Account;
import dev.metacircular.domain.acme.AcmeState.Authorization;
import dev.metacircular.domain.acme.AcmeState.Challenge;
import dev.metacircular.domain.acme.AcmeState.Order;
import dev.metacircular.domain.engine.EngineRegistry;
import dev.metacircular.domain.engine.ca.AcmeCa;
import dev.metacircular.domain.seal.SealLifecycle;
import dev.metacircular.ports.acme.AcmeAuditTypes;
import dev.metacircular.ports.acme.AcmeProblem;
import dev.metacircular.ports.acme.AcmeRefusal;
import dev.metacircular.ports.acme.ChallengeType;
import dev.metacircular.ports.acme.ValidationTarget;
import dev.metacircular.ports.acme.in.AccountKey;
import dev.metacircular.ports.acme.in.AccountSigner;
import dev.metacircular.ports.acme.in.AccountUpdate;
import dev.metacircular.ports.acme.in.AcmeAccount;
import dev.metacircular.ports.acme.in.AcmeAuthorization;
import dev.metacircular.ports.acme.in.AcmeChallenge;
import dev.metacircular.ports.acme.in.AcmeDirectoryId;
import dev.metacircular.ports.acme.in.AcmeOrder;
import dev.metacircular.ports.acme.in.AcmeUseCase;
import dev.metacircular.ports.acme.in.CertificateChain;
import dev.metacircular.ports.acme.in.DirectoryMeta;
import dev.metacircular.ports.acme.in.Identifier;
import dev.metacircular.ports.acme.in.NewAccount;
import dev.metacircular.ports.acme.in.RenewalWindow;
import dev.metacircular.ports.acme.in.RevokeCertificate;
import dev.metacircular.ports.acme.out.ChallengeValidator;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.out.AuditLog;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.pki.in.RoleInfo;
import dev.metacircular.ports.telemetry.TelemetryEvent;
import dev.metacircular.ports.telemetry.out.Telemetry;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The ACME server (RFC 8555 + ARI, RFC 9773) over the crypto core's {@code ca} mounts: the state
 * machine of accounts, orders, authorizations and challenges, kept in each mount's barrier storage
 * ({@link AcmeState}), issuing through the mount's CA ({@link AcmeCa}). The door has verified every
 * JWS before a call arrives; what it cannot know (which key an account has, EAB keys) is checked
 * here.
 *
 * <p>States: an order is {@code pending} until each of its authorizations is {@code valid} (then
 * {@code ready}), {@code invalid} as soon as one is invalid, deactivated or expired, and {@code
 * valid} once finalized (issuance is immediate). An authorization is decided by its first challenge
 * the client answers: {@code processing} while the validator runs in the background, then {@code
 * valid} or {@code invalid} with the problem recorded in the challenge. Every change of a mount's
 * ACME state happens under that mount's lock ({@link AcmeCa#lock}), so EAB credentials are used
 * once however many requests race for them.
 */
public final class AcmeServer implements AcmeUseCase {
  private static final System.Logger LOG = System.getLogger(AcmeServer.class.getName());

  static final Duration ORDER_LIFETIME = Duration.ofDays(7);
  private static final int MAX_IDENTIFIERS = 100;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Set<Integer> REASONS = Set.of(0, 1, 2, 3, 4, 5, 6, 8, 9, 10);

  /**
   * How validation runs: attempts per challenge, the pause between them, and how many nonces may be
   * outstanding.
   */
  public record Settings(int attempts, Duration retryDelay, int nonceCapacity) {
    public static final Settings DEFAULTS = new Settings(3, Duration.ofSeconds(2), 100_000);

    public Settings {
      if (attempts < 1 || attempts > 10 || nonceCapacity < 1) {
        throw new IllegalArgumentException("attempts 1-10 and a positive nonce capacity");
      }
      Objects.requireNonNull(retryDelay, "retryDelay");
    }
  }

  private record Dir(AcmeDirectoryId id, AcmeCa ca, RoleInfo role, AcmeState state) {}

  private final CaMounts mounts;
  private final AuditLog audit;
  private final Clock clock;
  private final AcmeNonces nonces;
  private final ChallengeRuns runs;
  private final Telemetry telemetry;

  AcmeServer(
      CaMounts mounts,
      AuditLog audit,
      ChallengeValidator validator,
      Executor executor,
      Clock clock,
      Settings settings) {
    this(mounts, audit, validator, executor, clock, settings, Telemetry.NONE);
  }

  AcmeServer(
      CaMounts mounts,
      AuditLog audit,
      ChallengeValidator validator,
      Executor executor,
      Clock clock,
      Settings settings,
      Telemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.mounts = Objects.requireNonNull(mounts, "mounts");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.nonces = new AcmeNonces(clock, settings.nonceCapacity());
    this.runs =
        new ChallengeRuns(
            Objects.requireNonNull(validator, "validator"),
            Objects.requireNonNull(executor, "executor"),
            settings.attempts(),
            settings.retryDelay());
  }

  /**
   * The ACME server over the crypto core's mounts ({@code CryptoCore.barrier()} and {@code
   * engineRegistry()}), auditing to the crypto service's log; validations run on {@code executor}
   * (bounded: a full executor answers the challenge with a retryable error).
   */
  public static AcmeUseCase over(
      SealLifecycle seal,
      EngineRegistry registry,
      AuditLog audit,
      ChallengeValidator validator,
      Executor executor,
      Clock clock,
      Settings settings) {
    return over(seal, registry, audit, validator, executor, clock, settings, Telemetry.NONE);
  }

  /** As above, reporting orders and validations to {@code telemetry} (the metrics). */
  public static AcmeUseCase over(
      SealLifecycle seal,
      EngineRegistry registry,
      AuditLog audit,
      ChallengeValidator validator,
      Executor executor,
      Clock clock,
      Settings settings,
      Telemetry telemetry) {
    return new AcmeServer(
        CaMounts.of(seal, registry), audit, validator, executor, clock, settings, telemetry);
  }

  // --- directory and nonces ---

  @Override
  public DirectoryMeta directory(AcmeDirectoryId directory) {
    return in(directory, d -> new DirectoryMeta(d.ca().settings().eabRequired()));
  }

  @Override
  public String newNonce() {
    return nonces.next();
  }

  @Override
  public boolean consumeNonce(String nonce) {
    return nonces.use(nonce);
  }

  // --- accounts ---

  @Override
  public AccountKey accountKey(AcmeDirectoryId directory, String accountId) {
    return in(
        directory,
        d -> {
          Account a = existing(d, accountId);
          return new AccountKey(a.thumbprint(), a.keyAlgorithm(), a.spki());
        });
  }

  @Override
  public AcmeAccount newAccount(AcmeDirectoryId directory, NewAccount request) {
    return in(
        directory,
        d -> {
          AccountKey key = request.key();
          Optional<Account> found =
              d.state().accountOfKey(key.thumbprint()).flatMap(id -> d.state().account(id));
          if (found.isPresent()) {
            if (!found.get().status().equals("valid")) {
              throw new AcmeRefusal(UNAUTHORIZED, "the account is " + found.get().status());
            }
            return view(found.get(), false);
          }
          if (request.onlyReturnExisting()) {
            throw new AcmeRefusal(ACCOUNT_DOES_NOT_EXIST, "no account has this key");
          }
          if (d.ca().settings().eabRequired() && request.binding() == null) {
            throw new AcmeRefusal(
                EXTERNAL_ACCOUNT_REQUIRED,
                "this directory requires external account binding: get credentials with the"
                    + " ca engine's create-eab operation for role "
                    + d.role().name());
          }
          List<String> contact = contacts(request.contact());
          String id = newId();
          String kid = null;
          if (request.binding() != null) {
            kid = ExternalBindings.verify(d.ca(), d.role(), request, clock.instant());
            d.ca().useEab(kid, id);
          }
          Account account =
              new Account(
                  id,
                  "valid",
                  contact,
                  key.thumbprint(),
                  key.algorithm(),
                  key.spki(),
                  clock.instant(),
                  kid);
          d.state().putAccount(account, null);
          Map<String, String> details = new LinkedHashMap<>();
          details.put("role", d.role().name());
          if (kid != null) {
            details.put("eab_kid", kid);
          }
          record(d, AcmeAuditTypes.ACCOUNT_CREATED, id, id, details);
          return view(account, true);
        });
  }

  @Override
  public AcmeAccount account(
      AcmeDirectoryId directory, AccountSigner signer, AccountUpdate update) {
    return in(
        directory,
        d -> {
          Account a = signer(d, signer);
          if (update == null) {
            return view(a, false);
          }
          Account changed = a;
          if (update.contact() != null) {
            changed = changed.withContact(contacts(update.contact()));
          }
          if (update.deactivate()) {
            changed = changed.withStatus("deactivated");
          }
          d.state().putAccount(changed, null);
          if (update.deactivate()) {
            record(d, AcmeAuditTypes.ACCOUNT_DEACTIVATED, a.id(), a.id(), Map.of());
          }
          return view(changed, false);
        });
  }

  @Override
  public List<String> orders(AcmeDirectoryId directory, AccountSigner signer) {
    return in(directory, d -> d.state().ordersOf(signer(d, signer).id()));
  }

  @Override
  public AcmeAccount changeKey(AcmeDirectoryId directory, AccountSigner signer, AccountKey newKey) {
    return in(
        directory,
        d -> {
          Account a = signer(d, signer);
          Optional<String> holder = d.state().accountOfKey(newKey.thumbprint());
          if (holder.isPresent()) {
            throw new AcmeRefusal(
                CONFLICT, "the new key already belongs to account " + holder.get());
          }
          d.state()
              .putAccount(
                  a.withKey(newKey.thumbprint(), newKey.algorithm(), newKey.spki()),
                  a.thumbprint());
          record(
              d,
              AcmeAuditTypes.ACCOUNT_KEY_CHANGED,
              a.id(),
              a.id(),
              Map.of("old_key", a.thumbprint(), "new_key", newKey.thumbprint()));
          return view(d.state().account(a.id()).orElseThrow(), false);
        });
  }

  // --- orders ---

  @Override
  public AcmeOrder newOrder(
      AcmeDirectoryId directory, AccountSigner signer, List<Identifier> identifiers) {
    return in(
        directory,
        d -> {
          Account a = signer(d, signer);
          Set<String> names = requestedNames(d.role(), identifiers);
          Instant now = clock.instant();
          Instant expires = now.plus(ORDER_LIFETIME);
          List<Authorization> authorizations = new ArrayList<>();
          for (String name : names) {
            boolean wildcard = name.startsWith("*.");
            List<Challenge> challenges = new ArrayList<>();
            List<ChallengeType> types =
                wildcard ? List.of(ChallengeType.DNS_01) : List.of(ChallengeType.values());
            for (ChallengeType type : types) {
              challenges.add(new Challenge(type, token(), "pending", null, null));
            }
            authorizations.add(
                new Authorization(
                    newId(),
                    a.id(),
                    wildcard ? name.substring(2) : name,
                    wildcard,
                    "pending",
                    expires,
                    challenges));
          }
          Order order =
              new Order(
                  newId(),
                  a.id(),
                  "pending",
                  expires,
                  List.copyOf(names),
                  authorizations.stream().map(Authorization::id).toList(),
                  null,
                  null);
          d.state().putNewOrder(order, authorizations);
          telemetry.record(new TelemetryEvent.AcmeOrder("pending"));
          return view(d, order);
        });
  }

  @Override
  public AcmeOrder order(AcmeDirectoryId directory, AccountSigner signer, String orderId) {
    return in(directory, d -> view(d, ownOrder(d, signer(d, signer), orderId)));
  }

  @Override
  public AcmeOrder finalizeOrder(
      AcmeDirectoryId directory, AccountSigner signer, String orderId, byte[] csrDer) {
    return in(
        directory,
        d -> {
          Account a = signer(d, signer);
          Order order = ownOrder(d, a, orderId);
          AcmeOrder current = view(d, order);
          if (!current.status().equals("ready")) {
            throw new AcmeRefusal(
                ORDER_NOT_READY,
                "the order is " + current.status() + ", not ready: finalize it once it is ready");
          }
          CertificateRequest csr;
          try {
            csr = CertificateRequest.parseDer(csrDer);
          } catch (IllegalArgumentException e) {
            throw new AcmeRefusal(BAD_CSR, e.getMessage());
          }
          List<String> names = csrNames(csr, order.names());
          IssuedCertificate issued;
          try {
            issued = d.ca().issue(d.role(), csr, names, "acme:" + a.id());
          } catch (DomainException.InvalidInput e) {
            throw new AcmeRefusal(BAD_CSR, e.getMessage());
          } catch (DomainException e) {
            throw new AcmeRefusal(SERVER_INTERNAL, e.getMessage());
          }
          String serial = issued.serialNumber().value().toString(16);
          Order done = order.with("valid", serial, null);
          d.state().putIssued(done, serial);
          telemetry.record(new TelemetryEvent.AcmeOrder("valid"));
          record(
              d,
              AcmeAuditTypes.ORDER_FINALIZED,
              a.id(),
              order.id(),
              Map.of("serial_number", serial, "names", String.join(",", names)));
          return view(d, done);
        });
  }

  @Override
  public CertificateChain certificate(
      AcmeDirectoryId directory, AccountSigner signer, String certificateId) {
    return in(
        directory,
        d -> {
          Account a = signer(d, signer);
          BigInteger serial = serial(certificateId);
          AcmeState.Issued issued =
              d.state()
                  .issued(serial.toString(16))
                  .orElseThrow(() -> new AcmeRefusal(NOT_FOUND, "no such certificate"));
          if (!issued.account().equals(a.id())) {
            throw new AcmeRefusal(UNAUTHORIZED, "the certificate belongs to another account");
          }
          AcmeCa.Certificate cert =
              d.ca()
                  .certificate(serial)
                  .orElseThrow(() -> new AcmeRefusal(NOT_FOUND, "the certificate was tidied"));
          return new CertificateChain(
              Pem.certificate(cert.certificate()) + d.ca().issuerPem(d.role()));
        });
  }

  // --- authorizations and challenges ---

  @Override
  public AcmeAuthorization authorization(
      AcmeDirectoryId directory, AccountSigner signer, String authorizationId, boolean deactivate) {
    return in(
        directory,
        d -> {
          Account a = signer(d, signer);
          Authorization authz = ownAuthorization(d, a, authorizationId);
          if (deactivate) {
            String status = status(authz);
            if (!status.equals("pending") && !status.equals("valid")) {
              throw new AcmeRefusal(MALFORMED, "the authorization is " + status);
            }
            authz = authz.with("deactivated", authz.challenges());
            d.state().putAuthorization(authz);
          }
          return view(authz);
        });
  }

  @Override
  public AcmeChallenge challenge(
      AcmeDirectoryId directory, AccountSigner signer, String challengeId, boolean respond) {
    int dash = challengeId.lastIndexOf('-');
    if (dash <= 0 || !challengeId.substring(dash + 1).matches("[0-9]")) {
      throw new AcmeRefusal(NOT_FOUND, "no such challenge");
    }
    String authorizationId = challengeId.substring(0, dash);
    int index = Integer.parseInt(challengeId.substring(dash + 1));
    return in(
        directory,
        d -> {
          Account a = signer(d, signer);
          Authorization authz = ownAuthorization(d, a, authorizationId);
          if (index >= authz.challenges().size()) {
            throw new AcmeRefusal(NOT_FOUND, "no such challenge");
          }
          Challenge challenge = authz.challenges().get(index);
          if (respond && status(authz).equals("pending") && challenge.status().equals("pending")) {
            ValidationTarget target =
                new ValidationTarget(
                    challenge.type(),
                    authz.name(),
                    challenge.token(),
                    challenge.token() + "." + a.thumbprint(),
                    d.ca().settings().http01Port(),
                    d.ca().settings().tlsAlpn01Port(),
                    d.ca().settings().dnsResolver());
            // Stored as processing before the run starts: a run that ends at once finds it so.
            d.state()
                .putAuthorization(replace(authz, index, challenge.with("processing", null, null)));
            try {
              runs.start(target, outcome -> complete(directory, authorizationId, index, outcome));
            } catch (RejectedExecutionException e) {
              d.state().putAuthorization(authz);
              throw new AcmeRefusal(
                  SERVER_INTERNAL, "too many validations are running; try again shortly");
            }
            authz = d.state().authorization(authorizationId).orElseThrow();
            challenge = authz.challenges().get(index);
          }
          return view(authz.id(), index, challenge);
        });
  }

  /** Records a validation's outcome (background thread): the challenge and its authorization. */
  private void complete(
      AcmeDirectoryId directory, String authorizationId, int index, Optional<AcmeProblem> outcome) {
    try {
      in(
          directory,
          d -> {
            Authorization authz = d.state().authorization(authorizationId).orElse(null);
            if (authz == null || !authz.challenges().get(index).status().equals("processing")) {
              return null;
            }
            Challenge c = authz.challenges().get(index);
            Challenge decided =
                outcome.isEmpty()
                    ? c.with("valid", clock.instant(), null)
                    : c.with("invalid", null, outcome.get());
            Authorization updated = replace(authz, index, decided);
            telemetry.record(
                new TelemetryEvent.AcmeValidation(
                    c.type().wireName(),
                    outcome.isEmpty() ? TelemetryEvent.Outcome.OK : TelemetryEvent.Outcome.FAILED));
            d.state()
                .putAuthorization(
                    updated.with(outcome.isEmpty() ? "valid" : "invalid", updated.challenges()));
            return null;
          });
    } catch (RuntimeException e) {
      // Sealed or unmounted meanwhile: the challenge stays processing until its order expires.
      LOG.log(System.Logger.Level.WARNING, "could not record a challenge validation: {0}", e);
    }
  }

  // --- revocation and renewal information ---

  @Override
  public void revoke(AcmeDirectoryId directory, RevokeCertificate request) {
    X509Certificate given;
    try {
      given = Pem.certificate(request.certificateDer());
    } catch (IllegalArgumentException e) {
      throw new AcmeRefusal(MALFORMED, "certificate must be a DER X.509 certificate");
    }
    if (request.reason() != null && !REASONS.contains(request.reason())) {
      throw new AcmeRefusal(BAD_REVOCATION_REASON, "unsupported revocation reason");
    }
    in(
        directory,
        d -> {
          AcmeCa.Certificate stored =
              d.ca()
                  .certificate(given.getSerialNumber())
                  .filter(c -> Arrays.equals(Pem.der(c.certificate()), request.certificateDer()))
                  .orElseThrow(
                      () -> new AcmeRefusal(NOT_FOUND, "this CA did not issue the certificate"));
          String by;
          if (request.signer() != null) {
            Account a = signer(d, request.signer());
            String owner =
                d.state()
                    .issued(stored.serial().toString(16))
                    .map(AcmeState.Issued::account)
                    .orElse(null);
            if (!a.id().equals(owner)) {
              throw new AcmeRefusal(
                  UNAUTHORIZED, "the account does not hold the certificate it asks to revoke");
            }
            by = "account " + a.id();
          } else {
            byte[] key = stored.certificate().getPublicKey().getEncoded();
            if (!Arrays.equals(key, request.certificateKey().spki())) {
              throw new AcmeRefusal(
                  UNAUTHORIZED, "the request is not signed by the certificate's key");
            }
            by = "certificate key";
          }
          if (stored.revokedAt() != null || !d.ca().revoke(stored.serial())) {
            throw new AcmeRefusal(ALREADY_REVOKED, "the certificate is revoked already");
          }
          record(
              d,
              AcmeAuditTypes.CERTIFICATE_REVOKED,
              by,
              stored.serial().toString(16),
              Map.of(
                  "by",
                  by,
                  "reason",
                  String.valueOf(request.reason() == null ? 0 : request.reason())));
          return null;
        });
  }

  @Override
  public RenewalWindow renewalInfo(
      AcmeDirectoryId directory, byte[] authorityKeyId, BigInteger serial) {
    return in(
        directory,
        d -> {
          AcmeCa.Certificate cert =
              d.ca()
                  .certificate(serial)
                  .filter(c -> Arrays.equals(authorityKeyId(c.certificate()), authorityKeyId))
                  .orElseThrow(() -> new AcmeRefusal(NOT_FOUND, "no such certificate"));
          Instant now = clock.instant();
          if (cert.revokedAt() != null) {
            return new RenewalWindow(now.minus(Duration.ofHours(1)), now);
          }
          Instant notBefore = cert.certificate().getNotBefore().toInstant();
          Instant notAfter = cert.certificate().getNotAfter().toInstant();
          Duration third = Duration.between(notBefore, notAfter).dividedBy(3);
          return new RenewalWindow(notAfter.minus(third), notAfter);
        });
  }

  // --- the directory's context ---

  private <T> T in(AcmeDirectoryId directory, Function<Dir, T> work) {
    if (!NAME.matcher(directory.mount()).matches() || !NAME.matcher(directory.role()).matches()) {
      throw new AcmeRefusal(NOT_FOUND, "no such directory");
    }
    try {
      return mounts.withMount(
          directory.mount(),
          ca -> {
            if (!ca.settings().enabled()) {
              throw new AcmeRefusal(NOT_FOUND, "ACME is not enabled on mount " + directory.mount());
            }
            RoleInfo role =
                ca.role(directory.role())
                    .orElseThrow(() -> new AcmeRefusal(NOT_FOUND, "no role " + directory.role()));
            synchronized (ca.lock()) {
              return work.apply(
                  new Dir(directory, ca, role, new AcmeState(ca.state(), role.name())));
            }
          });
    } catch (DomainException.Unavailable | DomainException.PreconditionFailed e) {
      throw new AcmeRefusal(UNAVAILABLE, "the service is sealed; try again later");
    } catch (DomainException.NotFound e) {
      throw new AcmeRefusal(NOT_FOUND, e.getMessage());
    } catch (DomainException e) {
      throw new AcmeRefusal(MALFORMED, e.getMessage());
    }
  }

  private Account existing(Dir d, String accountId) {
    if (!ID.matcher(accountId).matches()) {
      throw new AcmeRefusal(ACCOUNT_DOES_NOT_EXIST, "no such account");
    }
    return d.state()
        .account(accountId)
        .orElseThrow(() -> new AcmeRefusal(ACCOUNT_DOES_NOT_EXIST, "no such account"));
  }

  private Account signer(Dir d, AccountSigner signer) {
    Account a = existing(d, signer.accountId());
    if (!a.thumbprint().equals(signer.thumbprint())) {
      throw new AcmeRefusal(UNAUTHORIZED, "the request is not signed by the account's key");
    }
    if (!a.status().equals("valid")) {
      throw new AcmeRefusal(UNAUTHORIZED, "the account is " + a.status());
    }
    return a;
  }

  private static Order ownOrder(Dir d, Account a, String orderId) {
    Order order =
        (ID.matcher(orderId).matches() ? d.state().order(orderId) : Optional.<Order>empty())
            .orElseThrow(() -> new AcmeRefusal(NOT_FOUND, "no such order"));
    if (!order.account().equals(a.id())) {
      throw new AcmeRefusal(UNAUTHORIZED, "the order belongs to another account");
    }
    return order;
  }

  private static Authorization ownAuthorization(Dir d, Account a, String id) {
    Authorization authz =
        (ID.matcher(id).matches() ? d.state().authorization(id) : Optional.<Authorization>empty())
            .orElseThrow(() -> new AcmeRefusal(NOT_FOUND, "no such authorization"));
    if (!authz.account().equals(a.id())) {
      throw new AcmeRefusal(UNAUTHORIZED, "the authorization belongs to another account");
    }
    return authz;
  }

  // --- rules ---

  private static Set<String> requestedNames(RoleInfo role, List<Identifier> identifiers) {
    if (identifiers == null || identifiers.isEmpty()) {
      throw new AcmeRefusal(MALFORMED, "an order needs at least one identifier");
    }
    if (identifiers.size() > MAX_IDENTIFIERS) {
      throw new AcmeRefusal(MALFORMED, "at most " + MAX_IDENTIFIERS + " identifiers per order");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Identifier identifier : identifiers) {
      if (!identifier.type().equals("dns")) {
        throw new AcmeRefusal(
            UNSUPPORTED_IDENTIFIER,
            "identifier type " + identifier.type() + " is not supported (only dns)");
      }
      String name = identifier.value().toLowerCase(Locale.ROOT);
      if (!AcmeCa.allows(role, name)) {
        throw new AcmeRefusal(
            REJECTED_IDENTIFIER, "role " + role.name() + " does not allow the name " + name);
      }
      names.add(name);
    }
    return names;
  }

  /** The CSR's names, in the order's order, when they are exactly the order's; else badCSR. */
  private static List<String> csrNames(CertificateRequest csr, List<String> ordered) {
    if (!csr.ipAddresses().isEmpty() || !csr.uris().isEmpty()) {
      throw new AcmeRefusal(BAD_CSR, "the CSR asks for IP or URI names the order does not hold");
    }
    Set<String> asked = new TreeSet<>();
    csr.dnsNames().forEach(n -> asked.add(n.toLowerCase(Locale.ROOT)));
    if (csr.commonName() != null) {
      asked.add(csr.commonName().toLowerCase(Locale.ROOT));
    }
    if (!asked.equals(new TreeSet<>(ordered))) {
      throw new AcmeRefusal(
          BAD_CSR, "the CSR names " + asked + " but the order is for " + new TreeSet<>(ordered));
    }
    return ordered;
  }

  private static List<String> contacts(List<String> contact) {
    for (String c : contact) {
      if (!c.startsWith("mailto:")) {
        throw new AcmeRefusal(UNSUPPORTED_CONTACT, "only mailto: contacts are supported");
      }
      String address = c.substring("mailto:".length());
      if (c.length() > 254 || !address.matches("[^@,?\\s]+@[^@,?\\s]+")) {
        throw new AcmeRefusal(INVALID_CONTACT, "not an email address: " + address);
      }
    }
    return List.copyOf(contact);
  }

  private String status(Authorization authz) {
    if (authz.status().equals("pending") && !clock.instant().isBefore(authz.expires())) {
      return "expired";
    }
    return authz.status();
  }

  private static Authorization replace(Authorization authz, int index, Challenge challenge) {
    List<Challenge> challenges = new ArrayList<>(authz.challenges());
    challenges.set(index, challenge);
    return authz.with(authz.status(), challenges);
  }

  // --- views ---

  private static AcmeAccount view(Account a, boolean created) {
    return new AcmeAccount(a.id(), a.status(), a.contact(), a.createdAt(), created);
  }

  private AcmeOrder view(Dir d, Order o) {
    String status = o.status();
    AcmeProblem error = o.error();
    if (status.equals("pending")) {
      boolean allValid = true;
      for (String id : o.authorizations()) {
        Authorization authz = d.state().authorization(id).orElse(null);
        String s = authz == null ? "invalid" : status(authz);
        if (!s.equals("valid")) {
          allValid = false;
        }
        if (!s.equals("valid") && !s.equals("pending")) {
          status = "invalid";
          error =
              authz == null
                  ? null
                  : authz.challenges().stream()
                      .map(Challenge::error)
                      .filter(Objects::nonNull)
                      .findFirst()
                      .orElse(
                          new AcmeProblem(
                              UNAUTHORIZED, "authorization for " + authz.name() + " is " + s));
          break;
        }
      }
      if (status.equals("pending") && allValid) {
        status = "ready";
      }
      if (!status.equals("invalid") && !clock.instant().isBefore(o.expires())) {
        status = "invalid";
        error = new AcmeProblem(MALFORMED, "the order expired");
      }
    }
    List<Identifier> identifiers = o.names().stream().map(n -> new Identifier("dns", n)).toList();
    return new AcmeOrder(
        o.id(), status, o.expires(), identifiers, o.authorizations(), o.certificate(), error);
  }

  private AcmeAuthorization view(Authorization a) {
    List<AcmeChallenge> challenges = new ArrayList<>();
    for (int i = 0; i < a.challenges().size(); i++) {
      challenges.add(view(a.id(), i, a.challenges().get(i)));
    }
    return new AcmeAuthorization(
        a.id(), status(a), a.expires(), new Identifier("dns", a.name()), a.wildcard(), challenges);
  }

  private static AcmeChallenge view(String authorizationId, int index, Challenge c) {
    return new AcmeChallenge(
        authorizationId + "-" + index,
        authorizationId,
        c.type(),
        c.token(),
        c.status(),
        c.validated(),
        c.error());
  }

  // --- helpers ---

  private void record(
      Dir d, String type, String account, String subject, Map<String, String> details) {
    audit.append(
        AuditEvent.of(
            clock.instant(),
            type,
            "acme:" + d.id().mount() + "/" + d.id().role() + "/" + account,
            subject,
            "",
            details));
  }

  private static BigInteger serial(String certificateId) {
    if (!certificateId.matches("[0-9a-f]{1,40}")) {
      throw new AcmeRefusal(NOT_FOUND, "no such certificate");
    }
    return new BigInteger(certificateId, 16);
  }

  /** The keyIdentifier of a certificate's authority key identifier extension, or empty. */
  static byte[] authorityKeyId(X509Certificate certificate) {
    byte[] ext = certificate.getExtensionValue("2.5.29.35");
    if (ext == null) {
      return new byte[0];
    }
    // OCTET STRING { SEQUENCE { [0] keyIdentifier, ... } }
    int[] at = {0};
    if (ext[at[0]++] != 0x04) {
      return new byte[0];
    }
    length(ext, at);
    if (ext[at[0]++] != 0x30) {
      return new byte[0];
    }
    length(ext, at);
    if ((ext[at[0]] & 0xff) != 0x80) {
      return new byte[0];
    }
    at[0]++;
    int n = length(ext, at);
    return Arrays.copyOfRange(ext, at[0], at[0] + n);
  }

  private static int length(byte[] der, int[] at) {
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int n = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      n = (n << 8) | (der[at[0]++] & 0xff);
    }
    return n;
  }

  private static String newId() {
    return HexFormat.of().formatHex(SecureRandoms.bytes(16));
  }

  private static String token() {
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(SecureRandoms.bytes(32));
  }
}
