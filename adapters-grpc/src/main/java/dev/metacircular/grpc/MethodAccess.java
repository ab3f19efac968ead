package dev.metacircular.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The explicit access level of every method a server serves: public, authenticated or admin. A
 * server whose services have a method missing from every map refuses to start ({@link
 * #requireComplete}), so a new method cannot slip out unprotected.
 */
final class MethodAccess {
  private final Map<String, Access> levels = new HashMap<>();

  MethodAccess publicMethods(MethodDescriptor<?, ?>... methods) {
    return put(Access.PUBLIC, methods);
  }

  MethodAccess authenticated(MethodDescriptor<?, ?>... methods) {
    return put(Access.AUTHENTICATED, methods);
  }

  MethodAccess admin(MethodDescriptor<?, ?>... methods) {
    return put(Access.ADMIN, methods);
  }

  private MethodAccess put(Access access, MethodDescriptor<?, ?>... methods) {
    for (MethodDescriptor<?, ?> method : methods) {
      Access before = levels.putIfAbsent(method.getFullMethodName(), access);
      if (before != null) {
        throw new IllegalStateException(
            method.getFullMethodName() + " is in two access maps: " + before + " and " + access);
      }
    }
    return this;
  }

  Optional<Access> of(String fullMethodName) {
    return Optional.ofNullable(levels.get(fullMethodName));
  }

  /**
   * Throws {@code IllegalStateException} naming every served method that has no access level, and
   * every mapped method that is not served (a stale map is a mistake too).
   */
  void requireComplete(List<ServerServiceDefinition> services) {
    TreeSet<String> served = new TreeSet<>();
    for (ServerServiceDefinition service : services) {
      for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
        served.add(method.getMethodDescriptor().getFullMethodName());
      }
    }
    List<String> problems = new ArrayList<>();
    for (String method : served) {
      if (!levels.containsKey(method)) {
        problems.add(method + " has no access level (public, authenticated or admin)");
      }
    }
    for (String method : new TreeSet<>(levels.keySet())) {
      if (!served.contains(method)) {
        problems.add(method + " has an access level but is not served");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("gRPC access maps are incomplete: " + problems);
    }
  }
}
