package dev.metacircular.domain.acme;

import static dev.metacircular.ports.acme.AcmeProblemType.BAD_SIGNATURE_ALGORITHM;
import static dev.metacircular.ports.acme.AcmeProblemType.MALFORMED;
import static dev.metacircular.ports.acme.AcmeProblemType.UNAUTHORIZED;

import dev.metacircular.domain.engine.ca.AcmeCa;
import dev.metacircular.ports.acme.AcmeRefusal;
import dev.metacircular.ports.acme.in.ExternalBinding;
import dev.metacircular.ports.acme.in.NewAccount;
import dev.metacircular.ports.pki.in.RoleInfo;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The check of a newAccount's external account binding (RFC 8555 §7.3.4): the credentials exist,
 * are unused, unexpired and bound to this directory's role; the inner JWS is an HMAC (HS256, HS384
 * or HS512) with the credentials' kid, addressed to the newAccount URL, over the account's own key;
 * and the MAC verifies under the stored key (compared in constant time, the key wiped after). The
 * caller, holding the mount's lock, then marks the credentials used.
 */
final class ExternalBindings {
  private static final Map<String, String> MACS =
      Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512");

  private ExternalBindings() {}

  /** The kid of a binding that passes every check; else the refusal. */
  static String verify(AcmeCa ca, RoleInfo role, NewAccount request, Instant now) {
    ExternalBinding binding = request.binding();
    String mac = MACS.get(binding.algorithm());
    if (mac == null) {
      throw new AcmeRefusal(
          BAD_SIGNATURE_ALGORITHM, "the external account binding must use HS256, HS384 or HS512");
    }
    AcmeCa.Eab eab =
        ca.eab(binding.kid())
            .orElseThrow(() -> new AcmeRefusal(UNAUTHORIZED, "unknown EAB key id"));
    if (eab.usedBy() != null) {
      throw new AcmeRefusal(UNAUTHORIZED, "these EAB credentials have been used already");
    }
    if (!now.isBefore(eab.expiresAt())) {
      throw new AcmeRefusal(UNAUTHORIZED, "these EAB credentials have expired");
    }
    if (!eab.role().equals(role.name())) {
      throw new AcmeRefusal(
          UNAUTHORIZED, "these EAB credentials are for role " + eab.role() + "'s directory");
    }
    if (!binding.url().equals(request.url())) {
      throw new AcmeRefusal(MALFORMED, "the external account binding's url must be newAccount's");
    }
    if (!binding.payloadThumbprint().equals(request.key().thumbprint())) {
      throw new AcmeRefusal(MALFORMED, "the external account binding must sign the account key");
    }
    byte[] key =
        ca.eabKey(binding.kid())
            .orElseThrow(() -> new AcmeRefusal(UNAUTHORIZED, "these EAB credentials are used"));
    try {
      Mac hmac = Mac.getInstance(mac);
      hmac.init(new SecretKeySpec(key, mac));
      byte[] expected = hmac.doFinal(binding.signingInput());
      if (!MessageDigest.isEqual(expected, binding.signature())) {
        throw new AcmeRefusal(UNAUTHORIZED, "the external account binding does not verify");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    return eab.kid();
  }
}
