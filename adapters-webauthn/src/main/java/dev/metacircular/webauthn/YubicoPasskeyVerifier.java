package dev.metacircular.webauthn;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.FinishRegistrationOptions;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.StartRegistrationOptions;
import com.yubico.webauthn.data.AuthenticatorSelectionCriteria;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import com.yubico.webauthn.data.RelyingPartyIdentity;
import com.yubico.webauthn.data.ResidentKeyRequirement;
import com.yubico.webauthn.data.UserIdentity;
import com.yubico.webauthn.data.UserVerificationRequirement;
import com.yubico.webauthn.exception.AssertionFailedException;
import com.yubico.webauthn.exception.RegistrationFailedException;
import dev.metacircular.ports.identity.out.PasskeyDirectory;
import dev.metacircular.ports.identity.out.PasskeyOutcome;
import dev.metacircular.ports.identity.out.PasskeyOutcome.Reason;
import dev.metacircular.ports.identity.out.PasskeyVerifier;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * The {@link PasskeyVerifier} on Yubico's {@code webauthn-server-core}, which does every WebAuthn
 * check (challenge, origin, RP id hash, flags, signature, signature counter). Attestation {@code
 * none} is accepted; the signature counter is enforced.
 *
 * <p>Yubico's relying party reads credentials through a repository fixed when it is built, while
 * the port hands the core's directory to each call; so each call builds its relying party over that
 * directory (a handful of field copies, on a path that also runs a signature check).
 */
public final class YubicoPasskeyVerifier implements PasskeyVerifier {

  private final PasskeySettings settings;
  private final Clock clock;

  public YubicoPasskeyVerifier(PasskeySettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private record Registration(PublicKeyCredentialCreationOptions options, String optionsJson)
      implements Ceremony {}

  private record SignIn(AssertionRequest request, String optionsJson) implements Ceremony {}

  @Override
  public Ceremony startRegistration(User user, PasskeyDirectory directory) {
    PublicKeyCredentialCreationOptions options =
        relyingParty(directory)
            .startRegistration(
                StartRegistrationOptions.builder()
                    .user(
                        UserIdentity.builder()
                            .name(user.name())
                            .displayName(user.displayName())
                            .id(new ByteArray(user.handle()))
                            .build())
                    .authenticatorSelection(
                        AuthenticatorSelectionCriteria.builder()
                            .residentKey(ResidentKeyRequirement.PREFERRED)
                            .userVerification(UserVerificationRequirement.PREFERRED)
                            .build())
                    .build());
    try {
      return new Registration(options, options.toCredentialsCreateJson());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the passkey registration options", e);
    }
  }

  @Override
  public PasskeyOutcome<PasskeyDirectory.Registered> finishRegistration(
      Ceremony started, String credentialJson, PasskeyDirectory directory) {
    if (!(started instanceof Registration registration)) {
      throw new IllegalArgumentException("not a registration this verifier started");
    }
    try {
      RegistrationResult result =
          relyingParty(directory)
              .finishRegistration(
                  FinishRegistrationOptions.builder()
                      .request(registration.options())
                      .response(PublicKeyCredential.parseRegistrationResponseJson(credentialJson))
                      .build());
      return new PasskeyOutcome.Verified<>(
          new PasskeyDirectory.Registered(
              result.getKeyId().getId().getBytes(),
              registration.options().getUser().getId().getBytes(),
              result.getPublicKeyCose().getBytes(),
              result.getSignatureCount()));
    } catch (IOException | IllegalArgumentException e) {
      return new PasskeyOutcome.Malformed<>();
    } catch (RegistrationFailedException e) {
      return new PasskeyOutcome.Refused<>(reason(e));
    }
  }

  @Override
  public Ceremony startSignIn(String username, PasskeyDirectory directory) {
    StartAssertionOptions.StartAssertionOptionsBuilder options =
        StartAssertionOptions.builder().userVerification(UserVerificationRequirement.PREFERRED);
    if (username != null && !username.isEmpty()) {
      options.username(username);
    }
    AssertionRequest request = relyingParty(directory).startAssertion(options.build());
    try {
      return new SignIn(request, request.toCredentialsGetJson());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the passkey sign-in options", e);
    }
  }

  @Override
  public PasskeyOutcome<PasskeyDirectory.Registered> finishSignIn(
      Ceremony started, String assertionJson, PasskeyDirectory directory) {
    if (!(started instanceof SignIn signIn)) {
      throw new IllegalArgumentException("not a sign-in this verifier started");
    }
    AssertionResult result;
    try {
      result =
          relyingParty(directory)
              .finishAssertion(
                  FinishAssertionOptions.builder()
                      .request(signIn.request())
                      .response(PublicKeyCredential.parseAssertionResponseJson(assertionJson))
                      .build());
    } catch (IOException | IllegalArgumentException e) {
      return new PasskeyOutcome.Malformed<>();
    } catch (AssertionFailedException e) {
      return new PasskeyOutcome.Refused<>(reason(e));
    }
    if (!result.isSuccess()) {
      return new PasskeyOutcome.Refused<>(Reason.ASSERTION_FAILED);
    }
    return new PasskeyOutcome.Verified<>(
        new PasskeyDirectory.Registered(
            result.getCredentialId().getBytes(),
            result.getUserHandle().getBytes(),
            result.getCredential().getPublicKeyCose().getBytes(),
            result.getSignatureCount()));
  }

  private RelyingParty relyingParty(PasskeyDirectory directory) {
    return RelyingParty.builder()
        .identity(
            RelyingPartyIdentity.builder().id(settings.rpId()).name(settings.rpName()).build())
        .credentialRepository(new DirectoryCredentials(Objects.requireNonNull(directory)))
        .origins(settings.origins())
        .allowUntrustedAttestation(true)
        .validateSignatureCounter(true)
        .clock(clock)
        .build();
  }

  /** A short, log-safe reason: from the library's exception type, never its message verbatim. */
  static Reason reason(Exception e) {
    if (e.getClass().getSimpleName().equals("InvalidSignatureCountException")) {
      return Reason.SIGNATURE_COUNTER_NOT_INCREASED;
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("origin")) {
      return Reason.WRONG_ORIGIN;
    }
    if (message.contains("challenge")) {
      return Reason.WRONG_CHALLENGE;
    }
    if (message.contains("signature")) {
      return Reason.BAD_SIGNATURE;
    }
    return Reason.VERIFICATION_FAILED;
  }
}
