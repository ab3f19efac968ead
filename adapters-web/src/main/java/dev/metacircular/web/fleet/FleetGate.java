package dev.metacircular.web.fleet;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.web.common.DelegatedSignIn;
import dev.metacircular.web.common.PageHandler;
import dev.metacircular.web.common.PageRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet pages' door rule: a page runs for a signed-in session whose token the identity service
 * still accepts for the master's audience (checked on every request, so a revoked token or a lost
 * role takes effect on the next page); without one the browser goes to {@code /login}, and a
 * refused token also ends the sign-in. Whether the caller may see the fleet is the master core's
 * decision (admins only, a refusal audited there): its {@code Forbidden} becomes a page that says
 * who is signed in and what is missing, with the way to sign out.
 */
final class FleetGate {
  private final DelegatedSignIn signIn;

  FleetGate(DelegatedAuthenticationUseCase auth) {
    this.signIn = new DelegatedSignIn(auth);
  }

  /** A page handler that runs for a signed-in caller. */
  @FunctionalInterface
  interface CallerHandler {
    void handle(PageRequest request, Caller caller) throws Exception;
  }

  PageHandler signedIn(CallerHandler next) {
    return request -> {
      Optional<Caller> caller = signIn.caller(request);
      if (caller.isEmpty()) {
        return;
      }
      try {
        next.handle(request, caller.get());
      } catch (DomainException.Forbidden refused) {
        request.render(
            403,
            "fleet/forbidden",
            Map.of(
                "title",
                "Not allowed",
                "username",
                request.signedIn().orElseThrow().username(),
                "reason",
                refused.getMessage()));
      }
    };
  }
}
