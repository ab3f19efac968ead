package dev.metacircular.grpc;

import dev.metacircular.grpc.proto.mcias.v1.AuthServiceGrpc;
import dev.metacircular.grpc.proto.mcias.v1.ConfirmTOTPRequest;
import dev.metacircular.grpc.proto.mcias.v1.ConfirmTOTPResponse;
import dev.metacircular.grpc.proto.mcias.v1.EnrollTOTPRequest;
import dev.metacircular.grpc.proto.mcias.v1.EnrollTOTPResponse;
import dev.metacircular.grpc.proto.mcias.v1.GenerateRecoveryCodesRequest;
import dev.metacircular.grpc.proto.mcias.v1.GenerateRecoveryCodesResponse;
import dev.metacircular.grpc.proto.mcias.v1.GetRecoveryCodeStatusRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginRequest;
import dev.metacircular.grpc.proto.mcias.v1.LoginResponse;
import dev.metacircular.grpc.proto.mcias.v1.LogoutRequest;
import dev.metacircular.grpc.proto.mcias.v1.LogoutResponse;
import dev.metacircular.grpc.proto.mcias.v1.RecoveryCodeStatus;
import dev.metacircular.grpc.proto.mcias.v1.RemoveTOTPRequest;
import dev.metacircular.grpc.proto.mcias.v1.RemoveTOTPResponse;
import dev.metacircular.grpc.proto.mcias.v1.RenewTokenRequest;
import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.IssuedToken;
import dev.metacircular.ports.identity.RecoveryCodes;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.LoginCommand;
import dev.metacircular.ports.identity.in.LoginUseCase;
import dev.metacircular.ports.identity.in.RecoveryCodeUseCase;
import dev.metacircular.ports.identity.in.SessionUseCase;
import dev.metacircular.ports.identity.in.TotpUseCase;
import io.grpc.stub.StreamObserver;
import java.util.UUID;

/** {@code metacircular.mcias.v1.AuthService}: login, the presented token's session, TOTP. */
final class IdentityAuthService extends AuthServiceGrpc.AuthServiceImplBase {
  private final LoginUseCase login;
  private final SessionUseCase sessions;
  private final TotpUseCase totp;
  private final RecoveryCodeUseCase recoveryCodes;

  IdentityAuthService(
      LoginUseCase login,
      SessionUseCase sessions,
      TotpUseCase totp,
      RecoveryCodeUseCase recoveryCodes) {
    this.login = login;
    this.sessions = sessions;
    this.totp = totp;
    this.recoveryCodes = recoveryCodes;
  }

  @Override
  public void login(LoginRequest request, StreamObserver<LoginResponse> out) {
    Calls.unary(
        out,
        () -> {
          char[] password = Secrets.chars(request.getPasswordBytes());
          try {
            if (password == null) {
              throw new DomainException.InvalidInput("password is required");
            }
            return token(
                login.login(
                    new LoginCommand(
                        request.getUsername(),
                        password,
                        Wire.orNull(request.getTotpCode()),
                        Wire.orNull(request.getServiceName()),
                        request.getTagsList(),
                        Door.source(),
                        Wire.orNull(request.getRecoveryCode()))));
          } finally {
            Secrets.wipe(password);
          }
        });
  }

  @Override
  public void logout(LogoutRequest request, StreamObserver<LogoutResponse> out) {
    Calls.unary(
        out,
        () -> {
          sessions.logout(Door.token(), Door.source());
          return LogoutResponse.getDefaultInstance();
        });
  }

  @Override
  public void renewToken(RenewTokenRequest request, StreamObserver<LoginResponse> out) {
    Calls.unary(out, () -> token(sessions.renew(Door.token(), Door.source())));
  }

  @Override
  public void enrollTOTP(EnrollTOTPRequest request, StreamObserver<EnrollTOTPResponse> out) {
    Calls.unary(
        out,
        () -> {
          char[] password = Secrets.require(request.getPasswordBytes(), "password");
          TotpEnrolment enrolment;
          try {
            enrolment = totp.enrol(Door.caller(), password);
          } finally {
            Secrets.wipe(password);
          }
          try {
            // protobuf strings are immutable: the secret's one copy on our side is the answer
            // itself
            return EnrollTOTPResponse.newBuilder()
                .setSecret(new String(enrolment.secretBase32()))
                .setOtpauthUri(new String(enrolment.otpauthUri()))
                .build();
          } finally {
            enrolment.destroy();
          }
        });
  }

  @Override
  public void confirmTOTP(ConfirmTOTPRequest request, StreamObserver<ConfirmTOTPResponse> out) {
    Calls.unary(
        out,
        () -> {
          totp.confirm(Door.caller(), request.getCode());
          return ConfirmTOTPResponse.getDefaultInstance();
        });
  }

  @Override
  public void removeTOTP(RemoveTOTPRequest request, StreamObserver<RemoveTOTPResponse> out) {
    Calls.unary(
        out,
        () -> {
          Caller caller = Door.caller();
          UUID target =
              request.getAccountId().isEmpty()
                  ? caller.accountId()
                  : Wire.accountId(request.getAccountId());
          if (target == null) {
            throw new DomainException.InvalidInput("account_id is required");
          }
          totp.remove(caller, target);
          return RemoveTOTPResponse.getDefaultInstance();
        });
  }

  @Override
  public void generateRecoveryCodes(
      GenerateRecoveryCodesRequest request, StreamObserver<GenerateRecoveryCodesResponse> out) {
    Calls.unary(
        out,
        () -> {
          char[] password = Secrets.require(request.getPasswordBytes(), "password");
          RecoveryCodes generated;
          try {
            generated = recoveryCodes.generate(Door.caller(), password);
          } finally {
            Secrets.wipe(password);
          }
          try {
            // protobuf strings are immutable: the codes' one copy on our side is the answer itself
            GenerateRecoveryCodesResponse.Builder answer =
                GenerateRecoveryCodesResponse.newBuilder().setRemaining(generated.codes().size());
            generated.codes().forEach(code -> answer.addCodes(new String(code)));
            return answer.build();
          } finally {
            generated.wipe();
          }
        });
  }

  @Override
  public void getRecoveryCodeStatus(
      GetRecoveryCodeStatusRequest request, StreamObserver<RecoveryCodeStatus> out) {
    Calls.unary(
        out,
        () ->
            RecoveryCodeStatus.newBuilder()
                .setRemaining(recoveryCodes.remaining(Door.caller()))
                .build());
  }

  private static LoginResponse token(IssuedToken issued) {
    return LoginResponse.newBuilder()
        .setToken(issued.token())
        .setExpiresAt(Wire.timestamp(issued.expiresAt()))
        .build();
  }
}
