package dev.metacircular.ports.pki.in;

import java.util.List;

/** {@code list-certs}: the matching certificates (without their PEM), by serial. */
public record CertList(List<CertInfo> certs) {
  public CertList {
    certs = List.copyOf(certs);
  }
}
