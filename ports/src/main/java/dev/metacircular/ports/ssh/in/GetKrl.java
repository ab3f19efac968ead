package dev.metacircular.ports.ssh.in;

/**
 * {@code get-krl}: the current KRL; a public read. Signed by the CA unless {@code signed} is false
 * (OpenSSH 9.4 and later refuse to load a KRL with a signature section, see docs/ssh.md).
 */
public record GetKrl(Boolean signed) {
  public GetKrl {
    signed = signed == null || signed;
  }
}
