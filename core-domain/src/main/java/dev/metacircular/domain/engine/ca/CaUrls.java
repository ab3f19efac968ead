package dev.metacircular.domain.engine.ca;

/**
 * Where relying parties find a mount's CRLs and OCSP responder: under the service's base URL
 * ({@code pki.base_url}, or the server's own address), the public paths {@code
 * /v1/pki/<mount>/issuer/<name>/crl} (delta: {@code .../crl/delta}) and {@code
 * /v1/pki/<mount>/ocsp}. A null base leaves the URLs out of certificates.
 */
public record CaUrls(String baseUrl) {

  public CaUrls {
    if (baseUrl != null) {
      if (!baseUrl.startsWith("https://") && !baseUrl.startsWith("http://")) {
        throw new IllegalArgumentException("pki.base_url must be an http(s) URL");
      }
      while (baseUrl.endsWith("/")) {
        baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
      }
    }
  }

  /** No URLs in certificates (embedding code with no server). */
  public static CaUrls none() {
    return new CaUrls(null);
  }

  String crl(String mount, String issuer) {
    return baseUrl == null ? null : baseUrl + "/v1/pki/" + mount + "/issuer/" + issuer + "/crl";
  }

  String deltaCrl(String mount, String issuer) {
    return baseUrl == null ? null : crl(mount, issuer) + "/delta";
  }

  String ocsp(String mount) {
    return baseUrl == null ? null : baseUrl + "/v1/pki/" + mount + "/ocsp";
  }
}
