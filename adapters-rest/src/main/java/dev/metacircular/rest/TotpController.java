package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.TotpUseCase;
import io.javalin.http.Context;
import java.util.UUID;

/** TOTP enrolment, confirmation and removal for the calling account (or any, for admins). */
final class TotpController {
  private final TotpUseCase totp;

  TotpController(TotpUseCase totp) {
    this.totp = totp;
  }

  /** The one response that carries a secret, by design, once. */
  void enrol(Context ctx, Caller caller) {
    EnrolRequest request = JsonBodies.read(ctx, EnrolRequest.class);
    try {
      if (request.password() == null || request.password().length == 0) {
        throw new DomainException.InvalidInput("password is required");
      }
      TotpEnrolment enrolment = totp.enrol(caller, request.password());
      try {
        // Serialised straight from the char arrays, which are wiped right after.
        JsonBodies.write(
            ctx, 200, new EnrolmentView(enrolment.secretBase32(), enrolment.otpauthUri()));
      } finally {
        enrolment.destroy();
      }
    } finally {
      Passwords.wipe(request.password());
    }
  }

  void confirm(Context ctx, Caller caller) {
    ConfirmRequest request = JsonBodies.read(ctx, ConfirmRequest.class);
    if (request.code() == null) {
      throw new DomainException.InvalidInput("code is required");
    }
    totp.confirm(caller, request.code());
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  /** Without {@code account_id}, removes TOTP from the caller's own account. */
  void remove(Context ctx, Caller caller) {
    RemoveRequest request =
        JsonBodies.readOptional(ctx, RemoveRequest.class).orElse(new RemoveRequest(null));
    UUID target =
        request.accountId() != null ? Ids.accountId(request.accountId()) : caller.accountId();
    if (target == null) {
      throw new DomainException.InvalidInput("account_id is required");
    }
    totp.remove(caller, target);
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  record EnrolRequest(char[] password) {
    @Override
    public String toString() {
      return "EnrolRequest[redacted]";
    }
  }

  record ConfirmRequest(String code) {}

  record RemoveRequest(String accountId) {}

  record EnrolmentView(char[] secret, char[] otpauthUri) {
    @Override
    public String toString() {
      return "EnrolmentView[redacted]";
    }
  }
}
