package dev.metacircular.rest;

import dev.metacircular.ports.auth.Caller;
import dev.metacircular.ports.engine.in.Mount;
import dev.metacircular.ports.engine.in.MountAdminUseCase;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Mounting, listing and unmounting engines (admin, enforced by the core). */
final class MountController {
  private final MountAdminUseCase mounts;

  MountController(MountAdminUseCase mounts) {
    this.mounts = mounts;
  }

  void create(Context ctx, Caller caller) {
    MountRequest request = JsonBodies.read(ctx, MountRequest.class);
    Map<String, Object> config = FreeFormJson.check(request.config(), "config");
    Mount mount =
        mounts.mount(caller, request.name(), request.type(), config == null ? Map.of() : config);
    JsonBodies.write(ctx, 201, MountView.of(mount));
  }

  void list(Context ctx, Caller caller) {
    List<MountView> all = mounts.list(caller).stream().map(MountView::of).toList();
    JsonBodies.write(ctx, 200, new MountList(all));
  }

  void delete(Context ctx, Caller caller) {
    mounts.unmount(caller, ctx.pathParam("name"));
    JsonBodies.write(ctx, 200, StatusView.OK);
  }

  record MountRequest(String name, String type, Map<String, Object> config) {}

  record MountView(String name, String type, Map<String, Object> config) {
    static MountView of(Mount mount) {
      return new MountView(mount.name(), mount.type(), mount.config());
    }
  }

  record MountList(List<MountView> mounts) {}
}
