package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.seal.KeyRotation;
import dev.metacircular.ports.seal.in.SealUseCase;
import io.javalin.http.Context;
import java.util.List;

/**
 * The seal barrier: status (every state), init and unseal (open), and the admin calls seal, rekey,
 * master key rotation and key status (admin checked by the core). Seal passwords are read as {@code
 * char[]} and wiped as soon as the port call returns.
 */
final class SealController {
  private final SealUseCase seal;

  SealController(SealUseCase seal) {
    this.seal = seal;
  }

  /** 200 in every state. */
  void status(Context ctx) {
    JsonBodies.write(ctx, 200, state());
  }

  void initialize(Context ctx) {
    PasswordRequest request = JsonBodies.read(ctx, PasswordRequest.class);
    try {
      seal.initialize(Passwords.require(request.password(), "password"));
    } finally {
      Passwords.wipe(request.password());
    }
    JsonBodies.write(ctx, 200, state());
  }

  void unseal(Context ctx) {
    PasswordRequest request = JsonBodies.read(ctx, PasswordRequest.class);
    try {
      seal.unseal(Passwords.require(request.password(), "password"), ctx.ip());
    } finally {
      Passwords.wipe(request.password());
    }
    JsonBodies.write(ctx, 200, state());
  }

  void seal(Context ctx, Caller caller) {
    seal.seal(caller);
    JsonBodies.write(ctx, 200, state());
  }

  void rekey(Context ctx, Caller caller) {
    RekeyRequest request = JsonBodies.read(ctx, RekeyRequest.class);
    try {
      seal.rekey(
          caller,
          Passwords.require(request.oldPassword(), "old_password"),
          Passwords.require(request.newPassword(), "new_password"));
    } finally {
      Passwords.wipe(request.oldPassword());
      Passwords.wipe(request.newPassword());
    }
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  void rotate(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, KeyRotationView.of(seal.rotateMasterKey(caller)));
  }

  void keyStatus(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, KeyRotationView.of(seal.keyStatus(caller)));
  }

  private StateView state() {
    return new StateView(seal.state().wireName());
  }

  record PasswordRequest(char[] password) {
    @Override
    public String toString() {
      return "PasswordRequest[redacted]";
    }
  }

  record RekeyRequest(char[] oldPassword, char[] newPassword) {
    @Override
    public String toString() {
      return "RekeyRequest[redacted]";
    }
  }

  record StateView(String state) {}

  record KeyRotationView(
      int activeVersion, List<Integer> versions, long entriesPending, boolean inProgress) {
    static KeyRotationView of(KeyRotation r) {
      return new KeyRotationView(
          r.activeVersion(), r.versions(), r.entriesPending(), r.inProgress());
    }
  }
}
