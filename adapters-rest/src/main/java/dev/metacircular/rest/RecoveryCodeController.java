package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.RecoveryCodes;
import dev.metacircular.ports.identity.in.RecoveryCodeUseCase;
import io.javalin.http.Context;
import java.util.List;

/**
 * The caller's own recovery codes: {@code POST /v1/auth/recovery-codes} generates a new set (shown
 * once; the old set stops working), {@code GET /v1/auth/recovery-codes} says how many remain.
 */
final class RecoveryCodeController {

  private final RecoveryCodeUseCase codes;

  RecoveryCodeController(RecoveryCodeUseCase codes) {
    this.codes = codes;
  }

  void generate(Context ctx, Caller caller) {
    GenerateRequest request = JsonBodies.read(ctx, GenerateRequest.class);
    try {
      if (request.password() == null || request.password().length == 0) {
        throw new DomainException.InvalidInput("password is required");
      }
      RecoveryCodes generated = codes.generate(caller, request.password());
      try {
        // Serialised straight from the char arrays, which are wiped right after.
        JsonBodies.write(ctx, 200, new GeneratedView(generated.codes(), generated.codes().size()));
      } finally {
        generated.wipe();
      }
    } finally {
      Passwords.wipe(request.password());
    }
  }

  void remaining(Context ctx, Caller caller) {
    JsonBodies.write(ctx, 200, new RemainingView(codes.remaining(caller)));
  }

  record GenerateRequest(char[] password) {
    @Override
    public String toString() {
      return "GenerateRequest[redacted]";
    }
  }

  record GeneratedView(List<char[]> codes, int remaining) {
    @Override
    public String toString() {
      return "GeneratedView[redacted]";
    }
  }

  record RemainingView(int remaining) {}
}
