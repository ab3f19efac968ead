package dev.metacircular.ports.ssh.in;

/**
 * {@code list-certs}: the issued certificates, optionally only those naming {@code principal} and
 * only revoked ({@code true}) or unrevoked ({@code false}) ones.
 */
public record ListCertificates(String principal, Boolean revoked) {
  public ListCertificates {
    SshFields.text("principal", principal, 256);
  }
}
