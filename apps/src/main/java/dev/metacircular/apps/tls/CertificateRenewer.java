package dev.metacircular.apps.tls;

import dev.metacircular.ports.pki.in.IssuedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a server's certificate files fresh: when two thirds of the served certificate's life
 * (NotBefore to NotAfter) have passed, or when there is none, it asks the CA for a new one and
 * replaces the key file, then the certificate file (the leaf followed by its issuer), each
 * atomically. The server's {@link ReloadingTlsKeys} serves the new pair from the next handshake on:
 * no restart. A failed attempt (CA sealed or unreachable) is logged and retried, sooner as the
 * expiry nears; the last good certificate keeps being served meanwhile.
 */
public final class CertificateRenewer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CertificateRenewer.class);

  /** The longest sleep between checks, so a suspended machine or a changed clock is noticed. */
  static final Duration MAX_SLEEP = Duration.ofHours(1);

  private static final Duration MIN_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofMinutes(5);

  private final String server;
  private final Supplier<IssuedCertificate> ca;
  private final Path certFile;
  private final Path keyFile;
  private final Clock clock;
  private final Consumer<IssuedCertificate> written;
  private final ScheduledExecutorService timer;
  private ScheduledFuture<?> next;

  /**
   * @param server what the certificate is for, in the log ({@code identity}, {@code crypto})
   * @param ca issues a new certificate (with its private key) for the server's names
   * @param certFile where the server reads its certificate chain (PEM)
   * @param keyFile where it reads its private key (PEM, written with mode 0600)
   */
  public CertificateRenewer(
      String server, Supplier<IssuedCertificate> ca, Path certFile, Path keyFile, Clock clock) {
    this(server, ca, certFile, keyFile, clock, issued -> {});
  }

  /**
   * The same, with {@code written} called after each issuance once both files are in place (to
   * write beside them what else the certificate's users need, such as its CA); what it throws fails
   * that issuance.
   */
  public CertificateRenewer(
      String server,
      Supplier<IssuedCertificate> ca,
      Path certFile,
      Path keyFile,
      Clock clock,
      Consumer<IssuedCertificate> written) {
    this.written = Objects.requireNonNull(written, "written");
    this.server = Objects.requireNonNull(server, "server");
    this.ca = Objects.requireNonNull(ca, "ca");
    this.certFile = Objects.requireNonNull(certFile, "certFile");
    this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tls-renewer-" + server);
              t.setDaemon(true);
              return t;
            });
  }

  /** When a certificate is renewed: two thirds of the way from its NotBefore to its NotAfter. */
  public static Instant renewalTime(X509Certificate certificate) {
    Instant from = certificate.getNotBefore().toInstant();
    Instant to = certificate.getNotAfter().toInstant();
    return from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
  }

  /** Whether both files are there (a server can start on them). */
  public boolean present() {
    return Files.isRegularFile(certFile) && Files.isRegularFile(keyFile);
  }

  /**
   * Issues a certificate now and writes both files; the next check is then at the new certificate's
   * renewal time. The CA's errors propagate.
   */
  public synchronized X509Certificate renewNow() {
    X509Certificate fresh = issue();
    schedule(untilRenewal(fresh, clock.instant()));
    return fresh;
  }

  private X509Certificate issue() {
    IssuedCertificate issued = ca.get();
    try {
      writeAtomically(keyFile, issued.privateKey().pem(), true);
    } finally {
      issued.privateKey().wipe();
    }
    String chain = issued.certificate().strip() + "\n" + issued.issuingCa().strip() + "\n";
    writeAtomically(certFile, chain.getBytes(StandardCharsets.US_ASCII), false);
    written.accept(issued);
    X509Certificate now = leaf();
    log.atInfo()
        .addKeyValue("server", server)
        .addKeyValue("serial", issued.serialNumber().text())
        .addKeyValue("not_after", issued.expiration())
        .addKeyValue("renew_at", renewalTime(now))
        .log("TLS certificate issued");
    return now;
  }

  /** Starts checking: now, then at each certificate's renewal time. */
  public synchronized CertificateRenewer start() {
    schedule(Duration.ZERO);
    return this;
  }

  private synchronized void check() {
    Instant now = clock.instant();
    Duration sleep;
    try {
      X509Certificate current = present() ? leaf() : null;
      if (current == null || !now.isBefore(renewalTime(current))) {
        current = issue();
        sleep = untilRenewal(current, now);
      } else {
        sleep = Duration.between(now, renewalTime(current));
      }
    } catch (RuntimeException e) {
      sleep = retryDelay(now);
      log.atWarn()
          .addKeyValue("server", server)
          .addKeyValue("retry_in", sleep)
          .addKeyValue("reason", e.getMessage())
          .log("TLS certificate renewal failed; still serving the last good certificate");
    }
    schedule(sleep);
  }

  /**
   * Until a certificate just issued is due. A lifetime shorter than the CA's NotBefore backdating
   * would make it due at once; it then waits a third of what is left, never renewing in a loop.
   */
  private static Duration untilRenewal(X509Certificate fresh, Instant now) {
    Duration due = Duration.between(now, renewalTime(fresh));
    Duration third = Duration.between(now, fresh.getNotAfter().toInstant()).dividedBy(3);
    return due.compareTo(third) < 0 ? third : due;
  }

  private void schedule(Duration sleep) {
    if (sleep.compareTo(MAX_SLEEP) > 0) {
      sleep = MAX_SLEEP;
    }
    if (sleep.compareTo(MIN_RETRY) < 0 && !sleep.isZero()) {
      sleep = MIN_RETRY;
    }
    if (next != null) {
      next.cancel(false);
    }
    if (!timer.isShutdown()) {
      next = timer.schedule(this::check, sleep.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A tenth of what is left before expiry, between a second and five minutes. */
  private Duration retryDelay(Instant now) {
    try {
      Duration left = Duration.between(now, leaf().getNotAfter().toInstant()).dividedBy(10);
      return left.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : left;
    } catch (RuntimeException e) {
      return MIN_RETRY;
    }
  }

  /** The certificate in {@code certFile} (the first of the chain). */
  public X509Certificate leaf() {
    try (InputStream in = Files.newInputStream(certFile)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + certFile, e);
    } catch (CertificateException e) {
      throw new IllegalStateException("no certificate in " + certFile, e);
    }
  }

  /**
   * Writes a sibling file and renames it over {@code file}: a reader sees the old content or the
   * new, never a part. A private file is created with mode 0600 before any byte is written.
   */
  public static void writeAtomically(Path file, byte[] content, boolean secret) {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + file.getFileName() + ".new");
    try {
      Files.deleteIfExists(temp);
      var options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try (SeekableByteChannel channel =
          Files.newByteChannel(
              temp,
              options,
              PosixFilePermissions.asFileAttribute(
                  PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")))) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    timer.shutdownNow();
  }
}
