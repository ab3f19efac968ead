package dev.metacircular.web.identity;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.identity.Account;
import dev.metacircular.ports.identity.RecoveryCodes;
import dev.metacircular.ports.identity.TotpEnrolment;
import dev.metacircular.ports.identity.in.IdentityUseCases;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.WebRoutes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A person's own account: who they are, their roles and when their sign-in ends; changing the
 * password; TOTP enrolment (current password → QR code and secret, shown once → confirm with a
 * code) and removal; recovery codes (current password → ten codes, shown once); the list of
 * passkeys (registering and removing them is {@link PasskeyPages}').
 */
final class ProfilePages {
  private final IdentityUseCases api;
  private final CallerPages callers;

  ProfilePages(IdentityUseCases api, CallerPages callers) {
    this.api = api;
    this.callers = callers;
  }

  void register(WebRoutes web) {
    web.get("/profile", callers.signedIn(this::profile));
    web.post("/profile/password", callers.signedIn(this::changePassword));
    web.post("/profile/totp/enrol", callers.signedIn(this::enrol));
    web.post("/profile/totp/confirm", callers.signedIn(this::confirm));
    web.post("/profile/totp/remove", callers.signedIn(this::remove));
    web.post("/profile/recovery-codes", callers.signedIn(this::recoveryCodes));
  }

  private void profile(PageRequest r, Caller caller) {
    Account me = api.profile().me(caller);
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Profile");
    model.put("account", AccountView.of(me));
    model.put("expiresAt", Times.show(r.signedIn().orElseThrow().expiresAt()));
    model.put(
        "passkeys",
        api.passkeys().list(caller, caller.accountId()).stream().map(PasskeyView::of).toList());
    model.put("recoveryCodesLeft", api.recoveryCodes().remaining(caller));
    r.render("identity/profile", model);
  }

  private void changePassword(PageRequest r, Caller caller) {
    char[] current = r.form().secret("current_password");
    char[] next = r.form().secret("new_password");
    char[] again = r.form().secret("new_password_again");
    try {
      if (!Arrays.equals(next, again)) {
        throw new DomainException.InvalidInput("the new passwords do not match");
      }
      api.profile().changePassword(caller, current, next);
    } finally {
      Arrays.fill(current, '\0');
      Arrays.fill(next, '\0');
      Arrays.fill(again, '\0');
    }
    r.redirect("/profile", Flash.Kind.SUCCESS, "password changed");
  }

  private void enrol(PageRequest r, Caller caller) {
    char[] password = r.form().secret("password");
    TotpEnrolment enrolment;
    try {
      if (password.length == 0) {
        throw new DomainException.InvalidInput("password is required");
      }
      enrolment = api.totp().enrol(caller, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    try {
      // The page is the one place the secret is shown; it becomes text only to be rendered.
      Map<String, Object> model = new HashMap<>();
      model.put("title", "Set up two-factor authentication");
      model.put("secret", new String(enrolment.secretBase32()));
      model.put("qr", QrCode.svg(new String(enrolment.otpauthUri())));
      r.render("identity/totp-enrol", model);
    } finally {
      enrolment.destroy();
    }
  }

  private void confirm(PageRequest r, Caller caller) {
    try {
      api.totp().confirm(caller, r.form().text("code"));
    } catch (DomainException.InvalidInput | DomainException.Unauthenticated wrong) {
      // Let the person try another code without starting over; the secret is not shown again.
      Map<String, Object> model = new HashMap<>();
      model.put("title", "Set up two-factor authentication");
      model.put("secret", null);
      model.put("qr", null);
      r.renderRefusal("identity/totp-enrol", wrong, model);
      return;
    }
    r.redirect("/profile", Flash.Kind.SUCCESS, "two-factor authentication is on");
  }

  private void recoveryCodes(PageRequest r, Caller caller) {
    char[] password = r.form().secret("password");
    RecoveryCodes generated;
    try {
      if (password.length == 0) {
        throw new DomainException.InvalidInput("password is required");
      }
      generated = api.recoveryCodes().generate(caller, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    try {
      // The page is the one place the codes are shown; they become text only to be rendered.
      Map<String, Object> model = new HashMap<>();
      model.put("title", "Recovery codes");
      model.put("codes", generated.codes().stream().map(String::new).toList());
      r.render("identity/recovery-codes", model);
    } finally {
      generated.wipe();
    }
  }

  private void remove(PageRequest r, Caller caller) {
    api.totp().remove(caller, caller.accountId());
    r.redirect("/profile", Flash.Kind.SUCCESS, "two-factor authentication removed");
  }
}
