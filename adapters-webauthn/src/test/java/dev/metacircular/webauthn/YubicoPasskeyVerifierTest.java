package dev.metacircular.webauthn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.identity.out.PasskeyDirectory;
import dev.metacircular.ports.identity.out.PasskeyOutcome;
import dev.metacircular.ports.identity.out.PasskeyOutcome.Reason;
import dev.metacircular.ports.identity.out.PasskeyVerifier;
import dev.metacircular.ports.webauthn.SoftwareAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WebAuthn checks behind the port, against a software authenticator (attestation none) and a
 * directory of one account: what verifies, and the reason each forged answer is refused with.
 */
class YubicoPasskeyVerifierTest {

  static final String ORIGIN = "https://localhost:8443";
  static final byte[] ALICE = "alice-handle-16b".getBytes(StandardCharsets.US_ASCII);

  final PasskeyVerifier verifier =
      new YubicoPasskeyVerifier(PasskeySettings.localhost(), Clock.systemUTC());
  final OneAccount directory = new OneAccount();
  SoftwareAuthenticator authenticator;

  @BeforeEach
  void setUp() throws Exception {
    authenticator = new SoftwareAuthenticator("localhost");
  }

  /** alice, with the credentials registered so far; {@code active} false hides her. */
  static final class OneAccount implements PasskeyDirectory {
    final List<Registered> credentials = new ArrayList<>();
    boolean active = true;

    @Override
    public Optional<byte[]> userHandle(String username) {
      return active && username.equals("alice") ? Optional.of(ALICE.clone()) : Optional.empty();
    }

    @Override
    public Optional<String> username(byte[] userHandle) {
      return active && Arrays.equals(userHandle, ALICE) ? Optional.of("alice") : Optional.empty();
    }

    @Override
    public List<byte[]> credentialIds(String username) {
      return userHandle(username).isPresent()
          ? credentials.stream().map(Registered::credentialId).toList()
          : List.of();
    }

    @Override
    public Optional<Registered> find(byte[] credentialId) {
      return credentials.stream()
          .filter(c -> active && Arrays.equals(c.credentialId(), credentialId))
          .findFirst();
    }

    void counter(long count) {
      Registered r = credentials.remove(0);
      credentials.add(new Registered(r.credentialId(), r.userHandle(), r.publicKeyCose(), count));
    }
  }

  PasskeyDirectory.Registered register() throws Exception {
    PasskeyVerifier.Ceremony c =
        verifier.startRegistration(new PasskeyVerifier.User("alice", "Alice", ALICE), directory);
    PasskeyOutcome<PasskeyDirectory.Registered> outcome =
        verifier.finishRegistration(c, authenticator.register(c.optionsJson(), ORIGIN), directory);
    assertThat(outcome).isInstanceOf(PasskeyOutcome.Verified.class);
    PasskeyDirectory.Registered credential =
        ((PasskeyOutcome.Verified<PasskeyDirectory.Registered>) outcome).value();
    assertThat(credential.userHandle()).isEqualTo(ALICE);
    directory.credentials.add(credential);
    return credential;
  }

  PasskeyOutcome<PasskeyDirectory.Registered> signIn(String username, String origin)
      throws Exception {
    PasskeyVerifier.Ceremony c = verifier.startSignIn(username, directory);
    return verifier.finishSignIn(c, authenticator.assert_(c.optionsJson(), origin), directory);
  }

  static Reason reason(PasskeyOutcome<?> outcome) {
    assertThat(outcome).isInstanceOf(PasskeyOutcome.Refused.class);
    return ((PasskeyOutcome.Refused<?>) outcome).reason();
  }

  @Test
  void registrationOptionsNameTheRelyingPartyAndTheUser() {
    PasskeyVerifier.Ceremony c =
        verifier.startRegistration(new PasskeyVerifier.User("alice", "Alice", ALICE), directory);
    assertThat(c.optionsJson())
        .contains("\"publicKey\"", "\"localhost\"", "\"name\":\"alice\"", "\"challenge\"");
  }

  @Test
  void aRegisteredCredentialSignsInAndNamesItsAccount() throws Exception {
    PasskeyDirectory.Registered credential = register();
    assertThat(credential.publicKeyCose()).isNotEmpty();

    PasskeyOutcome<PasskeyDirectory.Registered> outcome = signIn("alice", ORIGIN);

    assertThat(outcome).isInstanceOf(PasskeyOutcome.Verified.class);
    PasskeyDirectory.Registered assertion =
        ((PasskeyOutcome.Verified<PasskeyDirectory.Registered>) outcome).value();
    assertThat(assertion.credentialId()).isEqualTo(credential.credentialId());
    assertThat(assertion.userHandle()).isEqualTo(ALICE);
    assertThat(assertion.publicKeyCose()).isEqualTo(credential.publicKeyCose());
    assertThat(assertion.signatureCount()).isEqualTo(1);
  }

  @Test
  void aDiscoverableCredentialSignsInWithoutAUsername() throws Exception {
    register();
    assertThat(signIn(null, ORIGIN)).isInstanceOf(PasskeyOutcome.Verified.class);
    assertThat(signIn("", ORIGIN)).isInstanceOf(PasskeyOutcome.Verified.class);
  }

  @Test
  void aSignInOptionListsTheUsersCredentials() throws Exception {
    PasskeyDirectory.Registered credential = register();
    String id =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(credential.credentialId());
    assertThat(verifier.startSignIn("alice", directory).optionsJson()).contains(id);
    assertThat(verifier.startSignIn(null, directory).optionsJson()).doesNotContain(id);
  }

  @Test
  void anAnswerFromAnotherOriginIsRefusedAsSuch() throws Exception {
    PasskeyVerifier.Ceremony c =
        verifier.startRegistration(new PasskeyVerifier.User("alice", "Alice", ALICE), directory);
    String phished = authenticator.register(c.optionsJson(), "https://evil.example");
    assertThat(reason(verifier.finishRegistration(c, phished, directory)))
        .isEqualTo(Reason.WRONG_ORIGIN);

    register();
    assertThat(reason(signIn("alice", "https://localhost:9443"))).isEqualTo(Reason.WRONG_ORIGIN);
  }

  @Test
  void anAnswerToAnotherChallengeIsRefused() throws Exception {
    register();
    PasskeyVerifier.Ceremony first = verifier.startSignIn("alice", directory);
    PasskeyVerifier.Ceremony second = verifier.startSignIn("alice", directory);
    String answer = authenticator.assert_(second.optionsJson(), ORIGIN);
    assertThat(reason(verifier.finishSignIn(first, answer, directory)))
        .isEqualTo(Reason.WRONG_CHALLENGE);
  }

  @Test
  void aCounterThatDoesNotGrowIsRefusedAsAPossibleClone() throws Exception {
    register();
    directory.counter(5);
    PasskeyVerifier.Ceremony c = verifier.startSignIn("alice", directory);
    String cloned = authenticator.assertWithCounter(c.optionsJson(), ORIGIN, 5);
    assertThat(reason(verifier.finishSignIn(c, cloned, directory)))
        .isEqualTo(Reason.SIGNATURE_COUNTER_NOT_INCREASED);
  }

  @Test
  void aSignatureByAnotherKeyIsRefused() throws Exception {
    register();
    SoftwareAuthenticator impostor = new SoftwareAuthenticator("localhost");
    PasskeyVerifier.Ceremony c = verifier.startSignIn(null, directory);
    String register =
        impostor.register(
            verifier
                .startRegistration(new PasskeyVerifier.User("alice", "Alice", ALICE), directory)
                .optionsJson(),
            ORIGIN);
    assertThat(register).isNotBlank();
    // The impostor signs with its own key under its own credential id: unknown here.
    assertThat(verifier.finishSignIn(c, impostor.assert_(c.optionsJson(), ORIGIN), directory))
        .isInstanceOf(PasskeyOutcome.Refused.class);
  }

  @Test
  void anAccountTheDirectoryHidesCannotSignIn() throws Exception {
    register();
    PasskeyVerifier.Ceremony c = verifier.startSignIn(null, directory);
    String answer = authenticator.assert_(c.optionsJson(), ORIGIN);
    directory.active = false;
    assertThat(verifier.finishSignIn(c, answer, directory))
        .isInstanceOf(PasskeyOutcome.Refused.class);
  }

  @Test
  void somethingThatIsNotACredentialIsMalformed() throws Exception {
    PasskeyVerifier.Ceremony reg =
        verifier.startRegistration(new PasskeyVerifier.User("alice", "Alice", ALICE), directory);
    assertThat(verifier.finishRegistration(reg, "{not json", directory))
        .isInstanceOf(PasskeyOutcome.Malformed.class);
    assertThat(verifier.finishRegistration(reg, "{}", directory))
        .isInstanceOf(PasskeyOutcome.Malformed.class);
    PasskeyVerifier.Ceremony signIn = verifier.startSignIn(null, directory);
    assertThat(verifier.finishSignIn(signIn, "[]", directory))
        .isInstanceOf(PasskeyOutcome.Malformed.class);
  }

  @Test
  void aCeremonyIsFinishedOnlyAsTheKindItWasStarted() {
    PasskeyVerifier.Ceremony signIn = verifier.startSignIn(null, directory);
    assertThatThrownBy(() -> verifier.finishRegistration(signIn, "{}", directory))
        .isInstanceOf(IllegalArgumentException.class);
    PasskeyVerifier.Ceremony reg =
        verifier.startRegistration(new PasskeyVerifier.User("alice", "Alice", ALICE), directory);
    assertThatThrownBy(() -> verifier.finishSignIn(reg, "{}", directory))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsRefuseWhatIsNotARelyingParty() {
    assertThatThrownBy(
            () -> new PasskeySettings("https://example.com", "x", java.util.Set.of(ORIGIN)))
        .hasMessageContaining("bare domain name");
    assertThatThrownBy(() -> new PasskeySettings("example.com", "x", java.util.Set.of()))
        .hasMessageContaining("at least one origin");
    assertThatThrownBy(
            () -> new PasskeySettings("example.com", "x", java.util.Set.of("https://example.com/")))
        .hasMessageContaining("without a path");
  }
}
