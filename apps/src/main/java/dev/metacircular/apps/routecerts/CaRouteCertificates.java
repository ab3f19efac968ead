package dev.metacircular.apps.routecerts;

import dev.metacircular.apps.tls.CertificateRenewer;
import dev.metacircular.apps.tlsfromca.CaIssuedTls;
import dev.metacircular.ports.pki.in.IssuedCertificate;
import dev.metacircular.ports.routecerts.out.RouteCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates for {@code l7} routes from a crypto service's CA ({@code [certificates]} of the
 * agent). Each hostname's pair is written by a {@link CertificateRenewer} (the same REST {@code
 * issue} path and renewal at two thirds of the life as the servers' {@code [tls]}) as {@code
 * <hostname>.pem} (the leaf, then its issuer) and {@code <hostname>.key} (0600); after each
 * issuance {@code ca.pem} (the issuing CA and its chain to the root) is written beside them, and
 * the directory and its files are given the owner and group of the service's data directory, so a
 * container running as that user reads them. Renewal replaces the files atomically and does not
 * restart the container: a service that serves TLS re-reads its files (as this project's servers do
 * at each handshake); one that reads them only at start picks the new pair up at its next restart,
 * well before the old one expires (a third of its life is left).
 */
public final class CaRouteCertificates implements RouteCertificates, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CaRouteCertificates.class);

  /** The CA's certificates, beside each service's pairs. */
  public static final String CA_FILE = "ca.pem";

  private final Function<String, Supplier<IssuedCertificate>> issuers;
  private final Clock clock;
  private final Map<String, Map<String, CertificateRenewer>> renewing = new HashMap<>();

  public CaRouteCertificates(RouteCertificatesConfig config, Clock clock) {
    this(
        hostname -> CaIssuedTls.restIssuer(config.forHostname(hostname), "certificates.token_file"),
        clock);
  }

  /** With {@code issuers} giving each hostname's {@code issue} call (tests: a CA stand-in). */
  CaRouteCertificates(Function<String, Supplier<IssuedCertificate>> issuers, Clock clock) {
    this.issuers = issuers;
    this.clock = clock;
  }

  @Override
  public synchronized Outcome provide(String service, Path directory, List<String> hostnames) {
    Map<String, CertificateRenewer> current = renewing.getOrDefault(service, Map.of());
    if (hostnames.isEmpty()) {
      closeAll(current.values());
      renewing.remove(service);
      return new Outcome.Provided(List.of(), List.of());
    }
    // What this call creates, so that a refusal leaves nothing: the topmost new directory, or
    // the files of the hostnames issued now.
    Path created = firstMissing(directory);
    List<String> issued = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    List<String> written = new ArrayList<>();
    Map<String, CertificateRenewer> next = new LinkedHashMap<>();
    String at = hostnames.get(0);
    try {
      createDirectory(directory);
      for (String hostname : hostnames) {
        at = hostname;
        CertificateRenewer renewer = current.get(hostname);
        if (renewer != null) {
          kept.add(hostname);
          next.put(hostname, renewer);
          continue;
        }
        renewer = renewer(hostname, directory);
        next.put(hostname, renewer);
        if (current(renewer, directory, hostname)) {
          kept.add(hostname);
          renewer.start();
        } else {
          if (!renewer.present()) {
            written.add(hostname);
          }
          renewer.renewNow();
          issued.add(hostname);
        }
      }
    } catch (RuntimeException e) {
      next.forEach(
          (hostname, renewer) -> {
            if (!current.containsKey(hostname)) {
              renewer.close();
            }
          });
      undo(created, directory, written);
      String failed = at;
      LOG.atWarn()
          .addKeyValue("service", service)
          .addKeyValue("hostname", failed)
          .addKeyValue("reason", e.getMessage())
          .log("no certificate for an l7 route");
      return new Outcome.Refused(failed, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    current.forEach(
        (hostname, renewer) -> {
          if (!next.containsKey(hostname)) {
            renewer.close();
          }
        });
    renewing.put(service, next);
    return new Outcome.Provided(issued, kept);
  }

  @Override
  public synchronized void stopRenewing(String service) {
    closeAll(renewing.getOrDefault(service, Map.of()).values());
    renewing.remove(service);
  }

  @Override
  public synchronized void discard(String service, Path directory) {
    List<String> hostnames = new ArrayList<>(renewing.getOrDefault(service, Map.of()).keySet());
    stopRenewing(service);
    undo(null, directory, hostnames);
  }

  /** The hostnames being renewed for {@code service}, in the order they were asked. */
  public synchronized List<String> renewed(String service) {
    return List.copyOf(renewing.getOrDefault(service, Map.of()).keySet());
  }

  @Override
  public synchronized void close() {
    renewing.values().forEach(m -> closeAll(m.values()));
    renewing.clear();
  }

  private CertificateRenewer renewer(String hostname, Path directory) {
    return new CertificateRenewer(
        "route " + hostname,
        issuers.apply(hostname),
        directory.resolve(hostname + ".pem"),
        directory.resolve(hostname + ".key"),
        clock,
        issued -> afterIssue(issued, directory, hostname));
  }

  /**
   * A pair already on disk for this name and not yet due is kept (an agent restart, a redeploy).
   */
  private boolean current(CertificateRenewer renewer, Path directory, String hostname) {
    if (!renewer.present() || !Files.isRegularFile(directory.resolve(CA_FILE))) {
      return false;
    }
    try {
      X509Certificate leaf = renewer.leaf();
      return namesHost(leaf, hostname)
          && clock.instant().isBefore(CertificateRenewer.renewalTime(leaf));
    } catch (RuntimeException unreadable) {
      return false;
    }
  }

  private static boolean namesHost(X509Certificate leaf, String hostname) {
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      return names != null
          && names.stream()
              .anyMatch(n -> Integer.valueOf(2).equals(n.get(0)) && hostname.equals(n.get(1)));
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  /** {@code ca.pem} beside the pair, then everything in the directory given to its owner. */
  private static void afterIssue(IssuedCertificate issued, Path directory, String hostname) {
    List<String> chain =
        issued.caChain().isEmpty() ? List.of(issued.issuingCa()) : issued.caChain();
    StringBuilder pem = new StringBuilder();
    chain.forEach(c -> pem.append(c.strip()).append('\n'));
    CertificateRenewer.writeAtomically(
        directory.resolve(CA_FILE), pem.toString().getBytes(StandardCharsets.US_ASCII), false);
    ownAsData(
        directory,
        List.of(
            directory,
            directory.resolve(hostname + ".pem"),
            directory.resolve(hostname + ".key"),
            directory.resolve(CA_FILE)));
  }

  /**
   * The service's data directory (the parent of {@code certs/}) decides the owner: an agent running
   * as root that serves a service running as another user gives it its files; an agent running as
   * that user has nothing to change.
   */
  private static void ownAsData(Path directory, List<Path> files) {
    try {
      PosixFileAttributes data =
          Files.readAttributes(directory.getParent(), PosixFileAttributes.class);
      UserPrincipal owner = data.owner();
      GroupPrincipal group = data.group();
      for (Path file : files) {
        PosixFileAttributeView view =
            Files.getFileAttributeView(file, PosixFileAttributeView.class);
        PosixFileAttributes now = view.readAttributes();
        if (!now.owner().equals(owner)) {
          view.setOwner(owner);
        }
        if (!now.group().equals(group)) {
          view.setGroup(group);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot give " + directory + " the owner of " + directory.getParent(), e);
    }
  }

  private static void createDirectory(Path directory) {
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory.getParent());
        Files.createDirectory(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }

  /** The topmost of {@code directory} and its parents that does not exist yet, or null. */
  private static Path firstMissing(Path directory) {
    Path missing = null;
    for (Path p = directory.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /**
   * Removes what was written: {@code created} with everything in it when this call made it, else
   * the files of {@code hostnames} (and {@code ca.pem} once no pair is left).
   */
  private static void undo(Path created, Path directory, List<String> hostnames) {
    try {
      if (created != null) {
        deleteTree(created);
        return;
      }
      for (String hostname : hostnames) {
        Files.deleteIfExists(directory.resolve(hostname + ".pem"));
        Files.deleteIfExists(directory.resolve(hostname + ".key"));
      }
      if (Files.isDirectory(directory)) {
        boolean pairsLeft;
        try (Stream<Path> files = Files.list(directory)) {
          pairsLeft = files.anyMatch(f -> f.getFileName().toString().endsWith(".key"));
        }
        if (!pairsLeft) {
          Files.deleteIfExists(directory.resolve(CA_FILE));
          try (Stream<Path> rest = Files.list(directory)) {
            if (rest.findAny().isEmpty()) {
              Files.delete(directory);
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.atWarn()
          .addKeyValue("directory", directory)
          .addKeyValue("reason", e.getMessage())
          .log("removing certificate files failed");
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void closeAll(Collection<CertificateRenewer> renewers) {
    renewers.forEach(CertificateRenewer::close);
  }
}
