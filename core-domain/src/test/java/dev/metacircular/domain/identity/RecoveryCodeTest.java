package dev.metacircular.domain.identity;

import static dev.metacircular.domain.identity.IdentityFixture.ADDRESS;
import static dev.metacircular.domain.identity.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.RecoveryCodeUseCase;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecoveryCodeTest {

  private final IdentityFixture f = IdentityFixture.create();
  private Account alice;
  private Caller aliceCaller;

  @BeforeEach
  void aliceWithTotp() {
    alice = f.human("alice", Role.USER);
    aliceCaller = f.callerFor("alice");
  }

  @AfterEach
  void close() {
    f.close();
  }

  private void enrolTotp() {
    TotpEnrolment enrolment = f.core.totp().enrol(aliceCaller, PASSWORD.toCharArray());
    byte[] secret = Base32.decode(enrolment.secretBase32());
    f.core.totp().confirm(aliceCaller, Totp.code(secret, Totp.step(f.clock.instant())));
  }

  private List<String> generate() {
    return f.core.recoveryCodes().generate(aliceCaller, PASSWORD.toCharArray()).codes().stream()
        .map(String::new)
        .toList();
  }

  private LoginCommand withRecoveryCode(String code) {
    return new LoginCommand("alice", PASSWORD.toCharArray(), null, null, null, ADDRESS, code);
  }

  @Test
  void aSetIsTenDistinctCodesInTheWrittenForm() {
    enrolTotp();
    List<String> codes = generate();

    assertThat(codes).hasSize(RecoveryCodeUseCase.SET_SIZE);
    assertThat(new HashSet<>(codes)).hasSize(10);
    Set<String> ids = new HashSet<>();
    for (String c : codes) {
      assertThat(c).matches("[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}");
      ids.add(c.substring(0, 4));
    }
    assertThat(ids).hasSize(10);
    assertThat(f.core.recoveryCodes().remaining(aliceCaller)).isEqualTo(10);
  }

  @Test
  void onlyHashesAreStoredNeverTheCodes() {
    enrolTotp();
    List<String> codes = generate();
    String id = codes.get(0).substring(0, 4);

    var stored = f.storage.recoveryCodes().find(alice.id(), id).orElseThrow();
    assertThat(stored.hash()).startsWith("$argon2id$");
    for (String c : codes) {
      assertThat(stored.hash()).doesNotContain(c.replace("-", "").substring(4));
    }
  }

  @Test
  void aRecoveryCodeSignsInInsteadOfTheTotpCodeOnceAndIsAudited() {
    enrolTotp();
    String code = generate().get(3);

    assertThat(f.core.login().login(withRecoveryCode(code)).token()).isNotBlank();
    assertThat(f.core.recoveryCodes().remaining(aliceCaller)).isEqualTo(9);
    List<AuditEvent> used = f.auditEvents(IdentityAuditTypes.RECOVERY_CODE_USED);
    assertThat(used).hasSize(1);
    assertThat(used.get(0).details())
        .containsEntry("remaining", "9")
        .containsEntry("code_id", code.substring(0, 4));
    assertThat(used.get(0).details().toString()).doesNotContain(code.substring(5));

    assertThatThrownBy(() -> f.core.login().login(withRecoveryCode(code)))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
  }

  @Test
  void theCodeMayBeTypedInUpperCaseWithSpacesOrWithoutHyphens() {
    enrolTotp();
    List<String> codes = generate();

    assertThat(f.core.login().login(withRecoveryCode(codes.get(0).toUpperCase())).token())
        .isNotBlank();
    assertThat(f.core.login().login(withRecoveryCode(codes.get(1).replace("-", ""))).token())
        .isNotBlank();
    assertThat(f.core.login().login(withRecoveryCode(codes.get(2).replace("-", " "))).token())
        .isNotBlank();
  }

  @Test
  void aWrongRecoveryCodeCountsAsAFailedLogin() {
    enrolTotp();
    String code = generate().get(0);
    String wrong = code.substring(0, code.length() - 1) + (code.endsWith("a") ? "b" : "a");
    int before = f.stored(alice.id()).failedLogins();

    assertThatThrownBy(() -> f.core.login().login(withRecoveryCode(wrong)))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid credentials");
    assertThatThrownBy(() -> f.core.login().login(withRecoveryCode("not a code")))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(f.stored(alice.id()).failedLogins()).isEqualTo(before + 2);
    assertThat(f.core.recoveryCodes().remaining(aliceCaller)).isEqualTo(10);
  }

  @Test
  void whileLockedARecoveryCodeIsRefusedWithoutHashingAndStaysUnspent() {
    enrolTotp();
    String code = generate().get(0);
    for (int i = 0; i < f.settings.lockoutThreshold(); i++) {
      LoginCommand wrong =
          new LoginCommand(
              "alice", "wrong password".toCharArray(), null, null, null, "198.51.100." + i, null);
      assertThatThrownBy(() -> f.core.login().login(wrong))
          .isInstanceOf(DomainException.Unauthenticated.class);
    }
    long hashes = f.core.passwordHashesComputed();
    LoginCommand fromElsewhere =
        new LoginCommand("alice", PASSWORD.toCharArray(), null, null, null, "198.51.100.200", code);

    assertThatThrownBy(() -> f.core.login().login(fromElsewhere))
        .isInstanceOf(DomainException.TooManyRequests.class)
        .hasMessage("account locked");
    // Neither the password nor the code was hashed, and the code still works later.
    assertThat(f.core.passwordHashesComputed()).isEqualTo(hashes);
    assertThat(f.core.recoveryCodes().remaining(aliceCaller)).isEqualTo(10);
  }

  @Test
  void aRecoveryCodeNeverReplacesThePassword() {
    enrolTotp();
    String code = generate().get(0);
    LoginCommand wrongPassword =
        new LoginCommand("alice", "wrong password".toCharArray(), null, null, null, ADDRESS, code);

    assertThatThrownBy(() -> f.core.login().login(wrongPassword))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(f.core.recoveryCodes().remaining(aliceCaller)).isEqualTo(10);
  }

  @Test
  void regeneratingVoidsTheOldSet() {
    enrolTotp();
    String old = generate().get(0);
    generate();

    assertThatThrownBy(() -> f.core.login().login(withRecoveryCode(old)))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(f.core.recoveryCodes().remaining(aliceCaller)).isEqualTo(10);
    assertThat(f.auditEvents(IdentityAuditTypes.RECOVERY_CODES_GENERATED)).hasSize(2);
  }

  @Test
  void generatingNeedsTheCurrentPasswordAndASecondFactor() {
    assertThatThrownBy(() -> f.core.recoveryCodes().generate(aliceCaller, PASSWORD.toCharArray()))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("TOTP or a passkey");
    enrolTotp();
    assertThatThrownBy(() -> f.core.recoveryCodes().generate(aliceCaller, "wrong".toCharArray()))
        .isInstanceOf(DomainException.Unauthenticated.class);
    assertThat(f.core.recoveryCodes().remaining(aliceCaller)).isZero();
  }

  @Test
  void codesAreNotForSystemAccountsOrOtherPeople() {
    enrolTotp();
    generate();
    f.human("bob", Role.USER);
    Caller bob = f.callerFor("bob");

    assertThat(f.core.recoveryCodes().remaining(bob)).isZero();
    assertThatThrownBy(() -> f.core.recoveryCodes().remaining(null))
        .isInstanceOf(DomainException.Forbidden.class);
  }

  @Test
  void twoConcurrentSignInsWithOneCodeGetOneToken() throws Exception {
    enrolTotp();
    String code = generate().get(0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> attempts =
          List.of(
              () -> signsIn(code), () -> signsIn(code), () -> signsIn(code), () -> signsIn(code));
      int tokens = 0;
      for (Future<Boolean> r : pool.invokeAll(attempts)) {
        tokens += r.get() ? 1 : 0;
      }
      assertThat(tokens).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private boolean signsIn(String code) {
    try {
      f.core.login().login(withRecoveryCode(code));
      return true;
    } catch (DomainException.Unauthenticated e) {
      return false;
    }
  }

  @Test
  void aLoginCommandTakesOneSecondFactorNotBoth() {
    assertThatThrownBy(
            () ->
                new LoginCommand(
                    "alice",
                    PASSWORD.toCharArray(),
                    "123456",
                    null,
                    null,
                    ADDRESS,
                    "aaaa-bbbb-cccc-dddd"))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessage("give totp_code or recovery_code, not both");
  }
}
