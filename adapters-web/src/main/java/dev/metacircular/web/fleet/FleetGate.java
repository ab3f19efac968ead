package dev.metacircular.web.fleet;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.delegation.in.DelegatedAuthenticationUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageHandler;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
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
  private final DelegatedAuthenticationUseCase auth;

  FleetGate(DelegatedAuthenticationUseCase auth) {
    this.auth = auth;
  }

  /** A page handler that runs for a signed-in caller. */
  @FunctionalInterface
  interface CallerHandler {
    void handle(PageRequest request, Caller caller) throws Exception;
  }

  PageHandler admin(CallerHandler next) {
    return request -> {
      Optional<SignedIn> who = request.signedIn();
      if (who.isEmpty()) {
        request.redirect("/login");
        return;
      }
      Caller caller;
      try {
        caller = auth.authenticate(who.get().token(), request.ip());
      } catch (DomainException.Unauthenticated e) {
        request.session().signOut();
        request.redirect(
            "/login", Flash.Kind.ERROR, "Your sign-in is no longer valid; log in again.");
        return;
      }
      try {
        next.handle(request, caller);
      } catch (DomainException.Forbidden refused) {
        request.render(
            403,
            "fleet/forbidden",
            Map.of(
                "title",
                "Not allowed",
                "username",
                who.get().username(),
                "reason",
                refused.getMessage()));
      }
    };
  }
}
