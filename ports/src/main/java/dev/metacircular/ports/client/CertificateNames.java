package dev.metacircular.ports.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The names a server's TLS certificate is for: the common name (a DNS name, also the first subject
 * alternative name), more DNS names and IP addresses. Duplicates and blanks are refused here so a
 * CA is never asked for the same name twice.
 */
public record CertificateNames(String commonName, List<String> altNames, List<String> ipSans) {
  public CertificateNames {
    Objects.requireNonNull(commonName, "commonName");
    if (commonName.isBlank()) {
      throw new IllegalArgumentException("the common name must not be blank");
    }
    altNames = altNames == null ? List.of() : List.copyOf(altNames);
    ipSans = ipSans == null ? List.of() : List.copyOf(ipSans);
    for (String name : altNames) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("an alternative name must not be blank");
      }
    }
  }

  /** Every DNS name, the common name first, each once (RFC 8555 orders list identifiers once). */
  public List<String> dnsNames() {
    List<String> all = new ArrayList<>();
    all.add(commonName);
    for (String name : altNames) {
      if (!all.contains(name)) {
        all.add(name);
      }
    }
    return List.copyOf(all);
  }
}
