package dev.metacircular.ports.acme.in;

import java.math.BigInteger;
import java.util.List;

/**
 * The ACME server (RFC 8555, with ARI, RFC 9773): one directory per role of a {@code ca} mount
 * whose {@code acme} config is enabled. The door verifies every JWS (algorithm allow-list, {@code
 * url}, {@code jwk} / {@code kid}, the nonce through {@link #consumeNonce}) and hands this port the
 * verified key and the payload's fields; resources are named by ids, the door makes their URLs.
 *
 * <p>State (accounts, orders, authorizations, challenges, which account owns which certificate, EAB
 * use) lives in the mount's barrier storage: every call fails with {@code UNAVAILABLE} (503) while
 * the service is sealed. Certificates are issued by the mount's CA under the directory's role, with
 * the same name rules and signing as the engine's {@code sign}. Every refusal is an {@link
 * dev.metacircular.ports.acme.AcmeRefusal} of an ACME error type.
 */
public interface AcmeUseCase {

  /** The directory's meta; refused ({@code NOT_FOUND}) if the mount, ACME or the role is absent. */
  DirectoryMeta directory(AcmeDirectoryId directory);

  /** A fresh nonce, valid once. */
  String newNonce();

  /** Uses {@code nonce} up: true the first time for a nonce this server gave and not expired. */
  boolean consumeNonce(String nonce);

  /** The public key of an account, to verify a {@code kid} request's signature. */
  AccountKey accountKey(AcmeDirectoryId directory, String accountId);

  /** Creates an account (or finds the key's existing one; {@code onlyReturnExisting}). */
  AcmeAccount newAccount(AcmeDirectoryId directory, NewAccount request);

  /** The signer's account (POST-as-GET) or, with an update, the account after it. */
  AcmeAccount account(AcmeDirectoryId directory, AccountSigner signer, AccountUpdate update);

  /** The ids of the account's orders. */
  List<String> orders(AcmeDirectoryId directory, AccountSigner signer);

  /** A new order; names the role does not allow are {@code REJECTED_IDENTIFIER}. */
  AcmeOrder newOrder(AcmeDirectoryId directory, AccountSigner signer, List<Identifier> names);

  AcmeOrder order(AcmeDirectoryId directory, AccountSigner signer, String orderId);

  /** An authorization; {@code deactivate} deactivates it first. */
  AcmeAuthorization authorization(
      AcmeDirectoryId directory, AccountSigner signer, String authorizationId, boolean deactivate);

  /**
   * A challenge; with {@code respond}, the client says it is ready: validation starts in the
   * background and the challenge answers {@code processing}.
   */
  AcmeChallenge challenge(
      AcmeDirectoryId directory, AccountSigner signer, String challengeId, boolean respond);

  /** Finalizes a ready order with a CSR (DER) naming exactly its identifiers; issues at once. */
  AcmeOrder finalizeOrder(
      AcmeDirectoryId directory, AccountSigner signer, String orderId, byte[] csr);

  /** The certificate chain of one of the account's certificates. */
  CertificateChain certificate(
      AcmeDirectoryId directory, AccountSigner signer, String certificateId);

  /** Revokes a certificate of this directory's mount. */
  void revoke(AcmeDirectoryId directory, RevokeCertificate request);

  /** Rolls the account over to {@code newKey} (the door checked the nested JWS). */
  AcmeAccount changeKey(AcmeDirectoryId directory, AccountSigner signer, AccountKey newKey);

  /** The renewal window of the certificate with this authority key id and serial (ARI). */
  RenewalWindow renewalInfo(AcmeDirectoryId directory, byte[] authorityKeyId, BigInteger serial);
}
