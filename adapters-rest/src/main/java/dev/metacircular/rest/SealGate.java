package dev.metacircular.rest;

import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.in.SealUseCase;
import io.javalin.http.Handler;

/**
 * The crypto service's one door-side rule: while the barrier is not unsealed, a protected call is
 * refused before anything else happens (no authentication, no body read, no port call): 412 "not
 * initialized" before init, 503 "sealed" while sealed or while init runs. The core refuses the same
 * calls on its own; the gate makes the answer uniform and cheap, and keeps a sealed service from
 * forwarding logins or validating tokens.
 */
final class SealGate {
  static final String SEALED = "sealed";
  static final String NOT_INITIALIZED = "not initialized";

  private final SealUseCase seal;

  SealGate(SealUseCase seal) {
    this.seal = seal;
  }

  /** Wraps {@code next} so it runs only while the service is unsealed. */
  Handler guard(Handler next) {
    return ctx -> {
      requireUnsealed();
      next.handle(ctx);
    };
  }

  private void requireUnsealed() {
    switch (seal.state()) {
      case UNSEALED:
        return;
      case UNINITIALIZED:
        throw new DomainException.PreconditionFailed(NOT_INITIALIZED);
      case SEALED:
      case INITIALIZING:
      default:
        throw new DomainException.Unavailable(SEALED);
    }
  }
}
