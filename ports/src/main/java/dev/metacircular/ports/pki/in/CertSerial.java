package dev.metacircular.ports.pki.in;

/** {@code revoke}, {@code get-cert}, {@code renew}: the certificate with {@code serial_number}. */
public record CertSerial(SerialNumber serialNumber) {
  public CertSerial {
    PkiName.required("serial_number", serialNumber);
  }
}
