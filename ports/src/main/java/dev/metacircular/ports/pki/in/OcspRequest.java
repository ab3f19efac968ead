package dev.metacircular.ports.pki.in;

/** {@code ocsp} (public): an OCSP request's DER (RFC 6960). */
public record OcspRequest(byte[] request) {
  public OcspRequest {
    PkiName.required("request", request);
    if (request.length > 16 * 1024) {
      throw new dev.metacircular.ports.error.DomainException.InvalidInput(
          "request must be at most 16 KiB");
    }
  }
}
