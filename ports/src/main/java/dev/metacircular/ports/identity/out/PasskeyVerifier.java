package dev.metacircular.ports.identity.out;

import java.util.Objects;

/**
 * Outbound port: the WebAuthn relying party's ceremony checks. An implementation builds the options
 * a browser's {@code navigator.credentials.create()} / {@code .get()} takes and verifies what the
 * authenticator answers: the challenge, the origin, the relying party id hash, the flags, the
 * signature and the signature counter. Who may register or sign in, what is stored, the token and
 * the audit trail stay in the core; the verifier sees accounts and credentials only through the
 * {@link PasskeyDirectory} the core hands it.
 *
 * <p>Attestation is not required ({@code none} is accepted): the platform trusts the person who
 * registers a passkey while signed in, not a device vendor. An assertion whose signature counter
 * does not grow, for an authenticator that keeps one, is refused as a possible clone.
 *
 * <p>Thread-safe. A ceremony is started and finished by the same verifier; a {@link Ceremony} of
 * another implementation is a programming error ({@link IllegalArgumentException}).
 */
public interface PasskeyVerifier {

  /**
   * Starts registering a new passkey for {@code user}; the options exclude the credentials the
   * directory lists for the user, so an authenticator is not registered twice.
   */
  Ceremony startRegistration(User user, PasskeyDirectory directory);

  /**
   * Verifies the browser's answer to a {@link #startRegistration} ceremony ({@code
   * PublicKeyCredential.toJSON()} form); verified, it is the new credential to store, with the user
   * handle it was registered for and the authenticator's counter at registration.
   */
  PasskeyOutcome<PasskeyDirectory.Registered> finishRegistration(
      Ceremony started, String credentialJson, PasskeyDirectory directory);

  /**
   * Starts a sign-in: for {@code username}'s credentials, or, when it is null or empty, for any
   * discoverable credential of this relying party.
   */
  Ceremony startSignIn(String username, PasskeyDirectory directory);

  /**
   * Verifies the browser's answer to a {@link #startSignIn} ceremony; verified, it is the
   * credential that signed, with the user handle it belongs to and its new signature counter (0 for
   * an authenticator that keeps none).
   */
  PasskeyOutcome<PasskeyDirectory.Registered> finishSignIn(
      Ceremony started, String assertionJson, PasskeyDirectory directory);

  /**
   * A started ceremony: the options to hand to the browser, and (inside the implementation) what
   * the answer must match. Kept by the core between the two halves; never sent anywhere.
   */
  interface Ceremony {
    /** The options as JSON, in the form {@code PublicKeyCredential.parse*OptionsFromJSON} takes. */
    String optionsJson();
  }

  /**
   * The account a passkey is registered for.
   *
   * @param name the WebAuthn user name (the username)
   * @param displayName what the browser shows
   * @param handle the WebAuthn user handle: opaque bytes (1-64), no personal data
   */
  record User(String name, String displayName, byte[] handle) {
    public User {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(displayName, "displayName");
      handle = PasskeyDirectory.checkedHandle(handle);
    }

    @Override
    public byte[] handle() {
      return handle.clone();
    }
  }
}
