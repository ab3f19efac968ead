package dev.metacircular.web.crypto;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.in.MountAdminUseCase;
import dev.metacircular.ports.error.DomainException;
import dev.metacircular.ports.seal.in.SealUseCase;
import dev.metacircular.web.common.Flash;
import dev.metacircular.web.common.PageRequest;
import dev.metacircular.web.common.SignedIn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard: the service's state, the mounts (admins see and manage them: mount, unmount), the
 * way to each transit mount's page, and the seal button for admins. Mount administration is
 * admin-only in the core; a non-admin is offered a field to open a mount by name instead.
 */
final class DashboardPage {
  private final SealUseCase seal;
  private final MountAdminUseCase mounts;

  DashboardPage(SealUseCase seal, MountAdminUseCase mounts) {
    this.seal = seal;
    this.mounts = mounts;
  }

  void show(PageRequest request, Caller caller, SignedIn who) {
    Map<String, Object> model = new HashMap<>();
    model.put("title", "Dashboard");
    model.put("state", seal.state().wireName());
    model.put("admin", caller.isAdmin());
    model.put("types", mounts.types());
    List<Mount> list = List.of();
    if (caller.isAdmin()) {
      list = mounts.list(caller);
    }
    model.put("mounts", list);
    request.render("crypto/dashboard", model);
  }

  /**
   * {@code GET /transit?mount=NAME[&page=ssh|pki|u2u]}: the "open a mount" field for callers who
   * may not list the mounts; a redirect to that engine's page (transit when no page is named), no
   * state change.
   */
  void open(PageRequest request, Caller caller, SignedIn who) {
    String mount = Mount.requireValidName(request.query("mount"));
    String page = request.query("page").isEmpty() ? "transit" : request.query("page");
    if (!List.of("transit", "pki", "ssh", "u2u").contains(page)) {
      throw new DomainException.InvalidInput("page must be transit, pki, ssh or u2u");
    }
    request.redirect("/" + page + "/" + mount);
  }

  void mount(PageRequest request, Caller caller, SignedIn who) {
    String name = request.form().text("name");
    String type = request.form().text("type");
    if (type.isEmpty()) {
      throw new DomainException.InvalidInput("type is required");
    }
    Mount mounted = mounts.mount(caller, Mount.requireValidName(name), type, Map.of());
    request.redirect(
        "/dashboard",
        Flash.Kind.SUCCESS,
        "Mounted a " + mounted.type() + " engine at " + mounted.name() + ".");
  }

  void unmount(PageRequest request, Caller caller, SignedIn who) {
    String name = Mount.requireValidName(request.pathParam("name"));
    mounts.unmount(caller, name);
    request.redirect(
        "/dashboard",
        Flash.Kind.SUCCESS,
        "Unmounted " + name + "; its keys and data are destroyed.");
  }
}
