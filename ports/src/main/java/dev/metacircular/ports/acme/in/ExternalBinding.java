package dev.metacircular.ports.acme.in;

import java.util.Objects;

/**
 * A newAccount request's external account binding (RFC 8555 §7.3.4), as the door parsed it: the
 * inner JWS's protected header fields, the thumbprint of the JWK its payload carries, and the bytes
 * its MAC covers and the MAC itself, which the core checks against the EAB key it holds.
 *
 * @param signingInput ASCII of {@code <protected>.<payload>} as sent
 */
public record ExternalBinding(
    String kid,
    String algorithm,
    String url,
    String payloadThumbprint,
    byte[] signingInput,
    byte[] signature) {
  public ExternalBinding {
    kid = kid == null ? "" : kid;
    algorithm = algorithm == null ? "" : algorithm;
    url = url == null ? "" : url;
    payloadThumbprint = payloadThumbprint == null ? "" : payloadThumbprint;
    signingInput = Objects.requireNonNull(signingInput, "signingInput").clone();
    signature = Objects.requireNonNull(signature, "signature").clone();
  }

  @Override
  public byte[] signingInput() {
    return signingInput.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
