package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.in.ProfileUseCase;
import io.javalin.http.Context;

/**
 * The caller's own account, whatever their roles: {@code GET /v1/auth/me} and {@code POST
 * /v1/auth/password} (self-service password change, as the web profile page offers).
 */
final class ProfileController {

  private final ProfileUseCase profile;

  ProfileController(ProfileUseCase profile) {
    this.profile = profile;
  }

  void me(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, AccountController.AccountView.of(profile.me(caller)));
  }

  void changePassword(Context ctx, Caller caller) {
    ChangePasswordRequest request = JsonBodies.read(ctx, ChangePasswordRequest.class);
    try {
      if (request.currentPassword() == null || request.currentPassword().length == 0) {
        throw new DomainException.InvalidInput("current_password is required");
      }
      if (request.newPassword() == null || request.newPassword().length == 0) {
        throw new DomainException.InvalidInput("new_password is required");
      }
      profile.changePassword(caller, request.currentPassword(), request.newPassword());
      ctx.status(204);
    } finally {
      Passwords.wipe(request.currentPassword());
      Passwords.wipe(request.newPassword());
    }
  }

  record ChangePasswordRequest(char[] currentPassword, char[] newPassword) {
    @Override
    public String toString() {
      return "ChangePasswordRequest[redacted]";
    }
  }
}
