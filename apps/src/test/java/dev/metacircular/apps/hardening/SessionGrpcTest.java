package dev.metacircular.apps.hardening;

import static dev.metacircular.apps.hardening.AudienceServers.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metacircular.crypto.Base32;
import dev.metacircular.crypto.Totp;
import dev.metacircular.domain.time.ManualClock;
import dev.metacircular.grpc.proto.mcias.v1.AccountServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.ConfirmTOTPRequest;
import dev.metacircular.grpc.proto.mcias.v1.EnrollTOTPRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginResponse;
import dev.metacircular.grpc.proto.mcias.v1.RemoveTOTPRequest;
import dev.metacircular.grpc.proto.mcias.v1.RenewTokenRequest;
import dev.metacircular.grpc.proto.mcias.v1.TokenServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.UpdateAccountRequest;
import dev.metacircular.grpc.proto.mcias.v1.ValidateTokenRequest;
import dev.metacircular.ports.auth.Role;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.policy.Effect;
import dev.metacircular.ports.policy.PolicyRule;
import dev.metacircular.ports.policy.ResourceMatch;
import dev.metacircular.ports.policy.SubjectMatch;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 3 at the gRPC door: admin password reset, TOTP removal and disable end sessions;
 * RenewToken re-runs the login policy and stops at {@code tokens.max_session_lifetime} (2 h here,
 * login tokens 1 h).
 */
class SessionGrpcTest {

  @TempDir Path dir;
  final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  AudienceServers s;
  ManagedChannel channel;
  Account alice;
  String admin;

  @BeforeEach
  void start() {
    s = new AudienceServers(dir, clock, "expiry = \"1h\"\nmax_session_lifetime = \"2h\"");
    s.human("root", Role.ADMIN);
    alice = s.human("alice", Role.USER);
    channel = s.identityChannel();
    admin = login("root").getToken();
  }

  @AfterEach
  void stop() {
    AudienceServers.shutdown(channel);
    s.close();
  }

  private LoginResponse login(String username) {
    return AuthServiceGrpc.newBlockingStub(channel)
        .login(
            LoginRequest.newBuilder()
                .setUsername(username)
                .setPassword(AudienceServers.PASSWORD)
                .build());
  }

  private boolean valid(String token) {
    return TokenServiceGrpc.newBlockingStub(channel)
        .validateToken(ValidateTokenRequest.newBuilder().setToken(token).build())
        .getValid();
  }

  private LoginResponse renew(String token) {
    return bearer(AuthServiceGrpc.newBlockingStub(channel), token)
        .renewToken(RenewTokenRequest.getDefaultInstance());
  }

  private static void assertStatus(Runnable call, Status.Code code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void anAdminPasswordResetAndADisableEndEverySession() {
    var accounts = bearer(AccountServiceGrpc.newBlockingStub(channel), admin);
    String first = login("alice").getToken();
    accounts.updateAccount(
        UpdateAccountRequest.newBuilder()
            .setId(alice.id().toString())
            .setPassword(AudienceServers.PASSWORD + "!")
            .build());
    assertThat(valid(first)).isFalse();

    accounts.updateAccount(
        UpdateAccountRequest.newBuilder()
            .setId(alice.id().toString())
            .setPassword(AudienceServers.PASSWORD)
            .build());
    String second = login("alice").getToken();
    accounts.updateAccount(
        UpdateAccountRequest.newBuilder()
            .setId(alice.id().toString())
            .setStatus("inactive")
            .build());
    accounts.updateAccount(
        UpdateAccountRequest.newBuilder().setId(alice.id().toString()).setStatus("active").build());
    assertThat(valid(second)).isFalse();
  }

  @Test
  void removingTotpEndsTheOtherSessions() {
    String other = login("alice").getToken();
    String current = login("alice").getToken();
    var auth = bearer(AuthServiceGrpc.newBlockingStub(channel), current);
    String secret =
        auth.enrollTOTP(
                EnrollTOTPRequest.newBuilder().setPassword(AudienceServers.PASSWORD).build())
            .getSecret();
    auth.confirmTOTP(
        ConfirmTOTPRequest.newBuilder()
            .setCode(Totp.code(Base32.decode(secret.toCharArray()), Totp.step(clock.instant())))
            .build());

    auth.removeTOTP(RemoveTOTPRequest.getDefaultInstance());

    assertThat(valid(other)).isFalse();
    assertThat(valid(current)).as("the owner's own removal keeps its token").isTrue();
  }

  @Test
  void renewTokenStopsAtTheMaximumSessionLifetime() {
    Instant loggedIn = clock.instant();
    String token = login("alice").getToken();

    clock.advance(Duration.ofMinutes(50));
    LoginResponse first = renew(token);
    clock.advance(Duration.ofMinutes(50));
    LoginResponse second = renew(first.getToken());
    assertThat(second.getExpiresAt().getSeconds())
        .isEqualTo(loggedIn.plus(Duration.ofHours(2)).getEpochSecond());

    clock.advance(Duration.ofMinutes(20).plusSeconds(1));
    assertStatus(() -> renew(second.getToken()), Status.Code.UNAUTHENTICATED);
  }

  @Test
  void renewTokenRunsTheLoginPolicyAgain() {
    String token = login("alice").getToken();
    s.identity
        .core()
        .loginPolicy()
        .create(
            AudienceServers.SETUP,
            new PolicyRule(
                "no-alice",
                10,
                Effect.DENY,
                "test",
                new SubjectMatch(List.of("alice"), null, null),
                ResourceMatch.any(),
                List.of("login")));

    assertStatus(() -> renew(token), Status.Code.PERMISSION_DENIED);
    assertThat(valid(token)).isTrue();
  }
}
