package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.web.common.DelegatedSignIn;
import dev.metacircular.web.common.PageHandler;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.Map;
import java.util.Optional;

/**
 * The crypto pages' door rules, like the REST API's seal gate: before init every page sends the
 * browser to {@code /init}; while sealed, a page shows the unseal form (503) instead of failing,
 * and an action sends the browser to {@code /unseal}. Once unsealed, pages that act for someone
 * need a signed-in session whose token the identity service still accepts; otherwise the browser
 * goes to {@code /login} (a refused token also ends the sign-in).
 */
final class CryptoGate {
  private final SealUseCase seal;
  private final DelegatedSignIn signIn;

  CryptoGate(SealUseCase seal, DelegatedAuthenticationUseCase auth) {
    this.seal = seal;
    this.signIn = new DelegatedSignIn(auth);
  }

  /** A page handler that runs for a signed-in caller. */
  @FunctionalInterface
  interface CallerHandler {
    void handle(PageRequest request, Caller caller, SignedIn who) throws Exception;
  }

  /** Runs {@code next} only while the service is unsealed. */
  PageHandler unsealed(PageHandler next) {
    return request -> {
      if (admitted(request)) {
        next.handle(request);
      }
    };
  }

  /** Runs {@code next} only while unsealed and for a signed-in session with a valid token. */
  PageHandler signedIn(CallerHandler next) {
    return request -> {
      if (!admitted(request)) {
        return;
      }
      Optional<Caller> caller = signIn.caller(request);
      if (caller.isPresent()) {
        next.handle(request, caller.get(), request.signedIn().orElseThrow());
      }
    };
  }

  /** True when unsealed; otherwise answers the request (init, unseal form or redirect). */
  private boolean admitted(PageRequest request) {
    SealState state = seal.state();
    if (state == SealState.UNSEALED) {
      return true;
    }
    if (state == SealState.UNINITIALIZED) {
      request.redirect("/init");
    } else if (request.htmx() || !"GET".equals(request.ctx().method().name())) {
      request.redirect("/unseal");
    } else {
      SealPages.renderUnseal(request, 503, Map.of());
    }
    return false;
  }
}
