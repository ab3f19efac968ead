package dev.metacircular.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.ports.audit.AuditEvent;
import dev.metacircular.ports.audit.IdentityAuditTypes;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.TokenRecord;
import dev.metacircular.ports.identity.TokenValidation;
import dev.metacircular.ports.identity.in.LoginCommand;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private final IdentityFixture f = IdentityFixture.create();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void logoutRevokesThePresentedToken() {
    f.human("alice", Role.USER);
    IssuedToken token = f.login("alice");
    IssuedToken other = f.login("alice");

    f.core.sessions().logout(token.token(), "192.0.2.5");

    assertThat(f.core.tokens().validate(token.token()))
        .isEqualTo(new TokenValidation.Invalid(TokenValidation.Reason.REVOKED));
    assertThat(f.core.tokens().validate(other.token()).valid()).isTrue();
    assertThat(f.auditEvents(IdentityAuditTypes.LOGOUT))
        .singleElement()
        .satisfies(e -> assertThat(e.subject()).isEqualTo(token.jti()))
        .satisfies(e -> assertThat(e.sourceAddress()).isEqualTo("192.0.2.5"));
    assertThat(f.auditEvents(IdentityAuditTypes.TOKEN_REVOKED))
        .extracting(AuditEvent::subject)
        .contains(token.jti());
    assertThatThrownBy(() -> f.core.sessions().logout(token.token(), ""))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void renewIssuesAFreshTokenAndRevokesTheOldOne() {
    f.human("alice", Role.USER);
    IssuedToken old =
        f.core
            .login()
            .login(
                new LoginCommand(
                    "alice", IdentityFixture.PASSWORD.toCharArray(), null, "metacrypt", null, ""));
    f.clock.advance(Duration.ofHours(11));

    IssuedToken renewed = f.core.sessions().renew(old.token(), "");

    assertThat(renewed.jti()).isNotEqualTo(old.jti());
    assertThat(renewed.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofHours(12)));
    assertThat(f.core.tokens().validate(renewed.token()).valid()).isTrue();
    assertThat(f.core.tokens().validate(old.token()).valid()).isFalse();
    assertThat(ForgedTokens.decodedPayload(renewed.token())).contains("\"aud\":\"metacrypt\"");
    assertThat(f.auditEvents(IdentityAuditTypes.TOKEN_RENEWED))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("old_jti", old.jti()));
    assertThatThrownBy(() -> f.core.sessions().renew(old.token(), ""))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void anExpiredTokenCannotBeRenewed() {
    f.human("alice", Role.USER);
    IssuedToken old = f.login("alice");
    f.clock.advance(Duration.ofHours(12));

    assertThatThrownBy(() -> f.core.sessions().renew(old.token(), ""))
        .isInstanceOf(DomainException.Unauthenticated.class)
        .hasMessage("invalid or expired token");
    assertThatThrownBy(() -> f.core.sessions().logout("not a token", ""))
        .isInstanceOf(DomainException.Unauthenticated.class);
  }

  @Test
  void aRenewedServiceTokenIsRotatedButNeverOutlivesTheGrant() {
    Account ci = f.system("ci-runner");
    IssuedToken service =
        f.core.tokenAdmin().issueServiceToken(f.tool, ci.id(), Duration.ofDays(30), "metacrypt");
    f.clock.advance(Duration.ofDays(29));

    IssuedToken renewed = f.core.sessions().renew(service.token(), "");

    // The admin's grant is the session: renewal gives a fresh jti, never a longer life.
    assertThat(renewed.jti()).isNotEqualTo(service.jti());
    assertThat(renewed.expiresAt()).isEqualTo(service.expiresAt());
    assertThat(f.core.tokens().validate(service.token()).valid()).isFalse();
    assertThat(
            ((TokenValidation.Valid) f.core.tokens().validate(renewed.token())).claims().audience())
        .isEqualTo("metacrypt");
    assertThat(f.storage.tokens().find(renewed.jti()).orElseThrow().kind())
        .isEqualTo(TokenRecord.Kind.SERVICE);
  }
}
