package dev.metacircular.ports.pki.in;

import java.util.List;

/** {@code list-roles}: the role names, ascending. */
public record RoleList(List<String> roles) {
  public RoleList {
    roles = List.copyOf(roles);
  }
}
