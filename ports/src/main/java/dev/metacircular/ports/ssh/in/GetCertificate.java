package dev.metacircular.ports.ssh.in;

/** {@code get-cert}: the record of the certificate with {@code serialNumber}. */
public record GetCertificate(SerialNumber serialNumber) {
  public GetCertificate {
    SshFields.required("serial_number", serialNumber);
  }

  public String serialText() {
    return serialNumber.text();
  }
}
