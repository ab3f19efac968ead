package dev.metacircular.rest.acme;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metacircular.ports.acme.in.AccountKey;
import java.security.PublicKey;

/**
 * A POST whose JWS verified: the signer (by {@code kid}: the account id; by {@code jwk}: the key
 * itself), the key's thumbprint and the payload ({@code null} for POST-as-GET's empty payload).
 *
 * @param accountId the account of a {@code kid} request, or null for a {@code jwk} one
 * @param key the verified public key
 */
record SignedRequest(String accountId, AccountKey key, PublicKey publicKey, JsonNode payload) {

  boolean postAsGet() {
    return payload == null;
  }
}
