package dev.metacircular.ports.identity.in;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.Passkey;
import dev.metacircular.ports.identity.PasskeyChallenge;
import java.util.List;
import java.util.UUID;

/**
 * Inbound port: passkeys (WebAuthn). The browser's JSON crosses this port as strings: the options
 * for {@code navigator.credentials.create()/get()} go out, the {@code PublicKeyCredential}
 * (serialised with {@code toJSON()} or the equivalent base64url form) comes back. A challenge is
 * single use and expires after a few minutes.
 *
 * <p>Errors: {@code InvalidInput} for malformed JSON, {@code Unauthenticated("passkey not
 * accepted")} for a credential that does not verify (wrong origin, bad signature, unknown
 * credential, replayed signature counter, expired or unknown challenge), {@code Conflict} for a
 * credential registered twice, {@code Forbidden("login denied by policy")}, {@code TooManyRequests}
 * as for password logins.
 */
public interface PasskeyUseCase {

  /** Registration options for the caller's own (human, active) account. */
  PasskeyChallenge startRegistration(Caller caller);

  /** Verifies the authenticator's attestation and stores the passkey under {@code name}. */
  Passkey finishRegistration(Caller caller, String requestId, String credentialJson, String name);

  /**
   * Sign-in options. With a username, the account's passkeys are listed as allowed credentials;
   * without (null), any discoverable passkey may answer. An unknown username gets options
   * indistinguishable in form from a known one with no passkeys.
   */
  PasskeyChallenge startLogin(String username, String sourceAddress);

  /**
   * Verifies the assertion and issues a login token, exactly as a password login does (same
   * lifetime, policy check for {@code serviceName}, audit). TOTP is not asked for: a passkey is
   * already a phishing-resistant second factor.
   */
  IssuedToken finishLogin(
      String requestId, String credentialJson, String serviceName, String sourceAddress);

  /** The account's passkeys: its owner or an admin. */
  List<Passkey> list(Caller caller, UUID accountId);

  /** Removes one passkey: its owner or an admin. {@code NotFound} when it is not theirs. */
  void remove(Caller caller, UUID accountId, String credentialId);
}
