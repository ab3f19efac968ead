package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.SealState;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The start page router and the seal barrier's pages: init (password twice), unseal, seal. Seal
 * passwords are read from the form as {@code char[]} and wiped when the call returns; a refusal
 * re-renders the form with the core's message and status (401 invalid password, 429 too many
 * attempts with {@code Retry-After}, 409 already initialized, 400 a password the core refuses).
 */
final class SealPages {
  private final SealUseCase seal;

  SealPages(SealUseCase seal) {
    this.seal = seal;
  }

  /** {@code GET /}: wherever the service's state and the session say to go. */
  void start(PageRequest request) {
    switch (seal.state()) {
      case UNINITIALIZED:
        request.redirect("/init");
        return;
      case UNSEALED:
        request.redirect(request.signedIn().isPresent() ? "/dashboard" : "/login");
        return;
      default:
        request.redirect("/unseal");
    }
  }

  void initForm(PageRequest request) {
    if (seal.state() != SealState.UNINITIALIZED) {
      request.redirect("/");
      return;
    }
    request.render("crypto/init", Map.of());
  }

  void initialize(PageRequest request) {
    char[] password = request.form().secret("password");
    char[] confirm = request.form().secret("confirm");
    try {
      if (password.length == 0) {
        throw new DomainException.InvalidInput("password is required");
      }
      if (!sameChars(password, confirm)) {
        throw new DomainException.InvalidInput("the two passwords do not match");
      }
      seal.initialize(password);
    } catch (DomainException refused) {
      request.renderRefusal("crypto/init", refused, Map.of());
      return;
    } finally {
      Arrays.fill(password, '\0');
      Arrays.fill(confirm, '\0');
    }
    request.redirect(
        "/login",
        Flash.Kind.SUCCESS,
        "Initialized and unsealed. Keep the seal password safe: it is never stored and cannot"
            + " be recovered.");
  }

  void unsealForm(PageRequest request) {
    SealState state = seal.state();
    if (state == SealState.UNINITIALIZED) {
      request.redirect("/init");
    } else if (state == SealState.UNSEALED) {
      request.redirect("/");
    } else {
      renderUnseal(request, 200, Map.of());
    }
  }

  void unseal(PageRequest request) {
    char[] password = request.form().secret("password");
    try {
      if (password.length == 0) {
        throw new DomainException.InvalidInput("password is required");
      }
      seal.unseal(password, request.ip());
    } catch (DomainException refused) {
      request.renderRefusal("crypto/unseal", refused, Map.of("state", seal.state().wireName()));
      return;
    } finally {
      Arrays.fill(password, '\0');
    }
    request.redirect("/", Flash.Kind.SUCCESS, "Unsealed.");
  }

  /** {@code POST /seal} (admin; the core refuses anyone else with 403). */
  void seal(PageRequest request, Caller caller) {
    seal.seal(caller);
    request.redirect(
        "/unseal",
        Flash.Kind.SUCCESS,
        "Sealed. Every key is wiped from memory until the service is unsealed again.");
  }

  static void renderUnseal(PageRequest request, int status, Map<String, Object> extra) {
    Map<String, Object> model = new HashMap<>(extra);
    model.putIfAbsent("state", "sealed");
    request.render(status, "crypto/unseal", model);
  }

  /** Constant-time equality of two typed passwords (no early exit on the first difference). */
  private static boolean sameChars(char[] a, char[] b) {
    int diff = a.length ^ b.length;
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      diff |= (i < a.length ? a[i] : 0) ^ (i < b.length ? b[i] : 0);
    }
    return diff == 0;
  }
}
