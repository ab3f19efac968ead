package dev.metacircular.domain.identity;

import static dev.metacircular.domain.identity.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.TotpEnrolment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TotpTest {

  private final IdentityFixture f = IdentityFixture.create();
  private Account alice;
  private Caller aliceCaller;

  @BeforeEach
  void enrolAlice() {
    alice = f.human("alice", Role.USER);
    aliceCaller = f.callerFor("alice");
  }

  @AfterEach
  void close() {
    f.close();
  }

  private byte[] enrolAndConfirm() {
    TotpEnrolment enrolment = f.core.totp().enrol(aliceCaller, PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    f.core.totp().confirm(aliceCaller, code(secret, 0));
    return secret;
  }

  /** The code {@code offset} steps from the clock's current step. */
  private String code(byte[] secret, long offset) {
    return Totp.code(secret, Totp.step(f.clock.instant()) + offset);
  }

  @Test
  void enrolmentReturnsASecretAndAnOtpauthUriAndNeedsConfirmationBeforeLoginAsksForACode() {
    TotpEnrolment enrolment = f.core.totp().enrol(aliceCaller, PASSWORD.toCharArray());

    assertThat(Base32.decode(enrolment.secretBase32())).hasSize(20);
    assertThat(new String(enrolment.otpauthUri()))
        .startsWith("otpauth://totp/MCIAS:alice?secret=" + new String(enrolment.secretBase32()))
        .contains("issuer=MCIAS");
    assertThat(enrolment.toString()).doesNotContain(new String(enrolment.secretBase32()));
    assertThat(f.stored(alice.id()).totpSecretSealed()).isNotNull();
    assertThat(f.stored(alice.id()).totpConfirmed()).isFalse();
    assertThat(f.login("alice").token()).isNotBlank();
    assertThat(f.auditEvents(IdentityAuditTypes.TOTP_ENROLLED)).hasSize(1);
  }

  @Test
  void theStoredSecretIsSealedNotPlain() {
    TotpEnrolment enrolment = f.core.totp().enrol(aliceCaller, PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());

    byte[] sealed = f.stored(alice.id()).totpSecretSealed();

    assertThat(indexOf(sealed, secret)).isNegative();
  }

  @Test
  void enrolmentNeedsTheCurrentPassword() {
    assertThatThrownBy(() -> f.core.totp().enrol(aliceCaller, "not my password".toCharArray()))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
    assertThat(f.stored(alice.id()).totpSecretSealed()).isNull();
    assertThat(f.stored(alice.id()).failedLogins()).isEqualTo(1);
  }

  @Test
  void aWrongConfirmationCodeLeavesTotpUnconfirmed() {
    TotpEnrolment enrolment = f.core.totp().enrol(aliceCaller, PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());

    assertThatThrownBy(() -> f.core.totp().confirm(aliceCaller, code(secret, 5)))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThatThrownBy(() -> f.core.totp().confirm(aliceCaller, "12ab56"))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThat(f.stored(alice.id()).totpConfirmed()).isFalse();
  }

  @Test
  void onceConfirmedLoginRequiresACodeWithoutCountingAFailure() {
    enrolAndConfirm();
    f.clock.advance(Duration.ofSeconds(30));

    assertThatThrownBy(() -> f.login("alice"))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("totp required");
    assertThat(f.stored(alice.id()).failedLogins()).isZero();
  }

  @Test
  void aRightCodeLogsInAndAWrongCodeIsAFailure() {
    byte[] secret = enrolAndConfirm();
    f.clock.advance(Duration.ofSeconds(30));

    assertThatThrownBy(() -> f.login("alice", PASSWORD, code(secret, 3)))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
    assertThat(f.stored(alice.id()).failedLogins()).isEqualTo(1);

    assertThat(f.login("alice", PASSWORD, code(secret, 0)).token()).isNotBlank();
    assertThat(f.stored(alice.id()).failedLogins()).isZero();
  }

  @Test
  void aCodeIsAcceptedOncePerTimeStepAndAReplayIsAudited() {
    byte[] secret = enrolAndConfirm();

    // The confirmation used this step already.
    assertThatThrownBy(() -> f.login("alice", PASSWORD, code(secret, 0)))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");

    f.clock.advance(Duration.ofSeconds(30));
    String fresh = code(secret, 0);
    f.login("alice", PASSWORD, fresh);
    assertThatThrownBy(() -> f.login("alice", PASSWORD, fresh))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");

    assertThat(f.auditEvents(IdentityAuditTypes.TOTP_REPLAY)).hasSize(2);
  }

  @Test
  void codesOneStepEitherSideAreAcceptedAndTwoStepsAwayAreNot() {
    byte[] secret = enrolAndConfirm();
    f.clock.advance(Duration.ofSeconds(90));

    assertThat(f.login("alice", PASSWORD, code(secret, -1)).token()).isNotBlank();
    assertThat(f.login("alice", PASSWORD, code(secret, 1)).token()).isNotBlank();
    assertThatThrownBy(() -> f.login("alice", PASSWORD, code(secret, 2)))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThatThrownBy(() -> f.login("alice", PASSWORD, code(secret, -2)))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void aCodeRefusedByPolicyIsStillSpent() {
    byte[] secret = enrolAndConfirm();
    f.core.loginPolicy().delete(f.tool, "default-allow-login");
    f.clock.advance(Duration.ofSeconds(30));
    String code = code(secret, 0);

    assertThatThrownBy(() -> f.login("alice", PASSWORD, code))
        .isInstanceOf(DomainException.Forbidden.class);

    assertThat(f.stored(alice.id()).totpLastStep()).isEqualTo(Totp.step(f.clock.instant()));
  }

  @Test
  void removalIsForTheOwnerOrAnAdmin() {
    enrolAndConfirm();
    f.human("bob", Role.USER);
    Caller bob = f.callerFor("bob");

    assertThatThrownBy(() -> f.core.totp().remove(bob, alice.id()))
        .isInstanceOf(DomainException.Forbidden.class);

    f.core.totp().remove(aliceCaller, alice.id());
    assertThat(f.stored(alice.id()).totpConfirmed()).isFalse();
    assertThat(f.stored(alice.id()).totpSecretSealed()).isNull();
    assertThat(f.login("alice").token()).isNotBlank();

    enrolAndConfirm();
    f.core.totp().remove(f.admin(), alice.id());
    assertThat(f.stored(alice.id()).totpConfirmed()).isFalse();
    assertThat(f.auditEvents(IdentityAuditTypes.TOTP_REMOVED)).hasSize(2);
  }

  @Test
  void systemAccountsAndToolsCannotEnrol() {
    f.system("ci-runner");
    Caller ci =
        f.core
            .tokens()
            .authenticate(
                f.core
                    .tokenAdmin()
                    .issueServiceToken(
                        f.tool,
                        f.storage.accounts().findByUsername("ci-runner").orElseThrow().id(),
                        null)
                    .token(),
                "");

    assertThatThrownBy(() -> f.core.totp().enrol(ci, PASSWORD.toCharArray()))
        .isInstanceOf(DomainException.InvalidInput.class);
    assertThatThrownBy(() -> f.core.totp().enrol(f.tool, PASSWORD.toCharArray()))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
